// The EPUB's page list from the printed handout (issue #7): a page-break mark where each PDF page
// begins, a page-list nav (and NCX pageList) with every page in order, the print edition named
// as the page source, and — the point of it all — the words after mark N are the first words
// pdftotext finds on page N of the PDF built in the same run.
#include <catch2/catch.hpp>

#include <regex>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

struct Built {
  fs::path epub, pdf;
};

Built build(const std::string& name, const std::vector<std::string>& extra = {}) {
  fs::path dir = scratch(name);
  std::vector<std::string> args = {"build", source("manuscript").string(), "-o", dir.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = bindery(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  return {dir / "secure-partner-anxious-attachment.epub", dir / "secure-partner-anxious-attachment.pdf"};
}

std::string strip_tags(const std::string& s) {
  std::string t = std::regex_replace(s, std::regex("<[^>]*>"), " ");
  t = std::regex_replace(t, std::regex("&amp;"), "&");
  t = std::regex_replace(t, std::regex("&lt;"), "<");
  return std::regex_replace(t, std::regex("&gt;"), ">");
}

std::vector<std::string> first_words(const std::vector<std::string>& w, std::size_t n) {
  return {w.begin(), w.begin() + static_cast<long>(std::min(n, w.size()))};
}

// Page N's first words: the text area only (no running head), hyphens between letters dropped.
std::vector<std::string> pdf_page_words(const fs::path& pdf, int page, double height) {
  RunResult r = run({"pdftotext", "-enc", "UTF-8", "-f", std::to_string(page), "-l", std::to_string(page), "-x", "0",
                     "-y", "60", "-W", "620", "-H", std::to_string(static_cast<int>(height - 120)), pdf.string(), "-"});
  REQUIRE(r.code == 0);
  return words(std::regex_replace(r.out, std::regex("([A-Za-z])-\n?(?=[a-z])"), "$1"));
}

void check_marks_match_pages(const Built& b, double height) {
  CHECK(epubcheck_problems(b.epub) == "");
  const auto files = read_epub(b.epub);
  const int pages = pdf_pages(b.pdf);
  REQUIRE(pages >= 2);

  // The page-list nav: every page once, in order.
  const std::string& nav = files.at("EPUB/nav.xhtml");
  const auto list_at = nav.find("epub:type=\"page-list\"");
  REQUIRE(list_at != std::string::npos);
  CHECK(nav.find("role=\"doc-pagelist\"", list_at - 60) != std::string::npos);
  std::vector<std::pair<std::string, std::string>> entries;  // href, label
  const std::string list = nav.substr(list_at);
  const std::regex entry(R"re(<a href="([^"]+)">(\d+)</a>)re");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), entry); it != std::sregex_iterator(); ++it)
    entries.push_back({(*it)[1], (*it)[2]});
  REQUIRE(entries.size() == static_cast<std::size_t>(pages));

  // The NCX carries the same pages.
  const std::string& ncx = files.at("EPUB/toc.ncx");
  CHECK(ncx.find("<meta name=\"dtb:maxPageNumber\" content=\"" + std::to_string(pages) + "\"") != std::string::npos);
  std::size_t targets = 0;
  for (auto at = ncx.find("<pageTarget "); at != std::string::npos; at = ncx.find("<pageTarget ", at + 1)) ++targets;
  CHECK(targets == static_cast<std::size_t>(pages));

  // Each mark is where its page begins: the words after it open that page of the PDF.
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string& href = entries[i].first;
    CHECK(entries[i].second == std::to_string(i + 1));
    const auto hash = href.find('#');
    REQUIRE(hash != std::string::npos);
    const std::string file = "EPUB/" + href.substr(0, hash), id = href.substr(hash + 1);
    REQUIRE(files.count(file) == 1);
    const std::string& xhtml = files.at(file);
    const std::string mark = "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"" + id + "\" aria-label=\"" +
                             std::to_string(i + 1) + "\"/>";
    const auto at = xhtml.find(mark);
    INFO("page " << (i + 1) << " mark " << href);
    REQUIRE(at != std::string::npos);
    const auto after = first_words(words(strip_tags(xhtml.substr(at + mark.size()))), 4);
    const auto printed = first_words(pdf_page_words(b.pdf, static_cast<int>(i + 1), height), 4);
    CHECK(after == printed);
  }
}

}  // namespace

TEST_CASE("each page mark in the EPUB opens the same words as that page of the A4 handout", "[e2e][epub][pagelist]") {
  const Built b = build("pagelist-a4");
  check_marks_match_pages(b, 841.89);
  const std::string opf = read_epub(b.epub).at("EPUB/package.opf");
  CHECK(opf.find("<dc:source id=\"print-source\">Printable handout (A4 PDF) of urn:uuid:") != std::string::npos);
  CHECK(opf.find("<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>") != std::string::npos);
  CHECK(opf.find("<meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>") != std::string::npos);
  CHECK(opf.find("<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>") != std::string::npos);
}

TEST_CASE("with --paper letter the page marks follow the US Letter handout", "[e2e][epub][pagelist]") {
  const Built b = build("pagelist-letter", {"--paper", "letter"});
  check_marks_match_pages(b, 792);
  const std::string opf = read_epub(b.epub).at("EPUB/package.opf");
  CHECK(opf.find("Printable handout (US Letter PDF)") != std::string::npos);
}

TEST_CASE("an EPUB built without the handout has no page list and claims no page source", "[e2e][epub][pagelist]") {
  const Built alone = build("pagelist-alone", {"--format", "epub"});
  CHECK_FALSE(fs::exists(alone.pdf));
  CHECK(epubcheck_problems(alone.epub) == "");
  const auto files = read_epub(alone.epub);
  CHECK(files.at("EPUB/nav.xhtml").find("page-list") == std::string::npos);
  CHECK(files.at("EPUB/package.opf").find("dc:source") == std::string::npos);
  CHECK(files.at("EPUB/package.opf").find("pageBreakMarkers") == std::string::npos);
  for (const auto& [name, bytes] : files) CHECK(bytes.find("doc-pagebreak") == std::string::npos);
}
