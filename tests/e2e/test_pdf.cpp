// The printable handout end to end: qpdf, pdffonts and pdftotext on the guide's PDF; every word in
// order; crisis lines on the first and last pages as links; cross-references as internal links
// that print their page; reproducible bytes; US Letter.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

const fs::path& guide_pdf() {
  static const fs::path pdf = [] {
    fs::path dir = scratch("pdf-guide");
    RunResult r = bindery({"build", source("manuscript").string(), "-o", dir.string(), "--format", "pdf"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    return dir / "secure-partner-anxious-attachment.pdf";
  }();
  return pdf;
}

// Text for comparing words: hyphenated line ends rejoined, hyphens between letters removed (so
// "co-regulation" and "co-\nregulation" compare equal), no-break spaces as spaces.
std::string comparable(std::string s) {
  s = std::regex_replace(s, std::regex("\u00A0"), " ");
  s = std::regex_replace(s, std::regex("([A-Za-z])-\n+(?=[a-z])"), "$1");
  s = std::regex_replace(s, std::regex("([A-Za-z])-(?=[A-Za-z])"), "$1");
  return s;
}

}  // namespace

TEST_CASE("the guide's PDF passes qpdf --check, and every font is embedded, subset and mapped", "[e2e][pdf]") {
  CHECK(pdf_problems(guide_pdf()) == "");
  RunResult info = run({"pdfinfo", guide_pdf().string()});
  CHECK(info.out.find("Title:           If You’re Secure and Your Partner Has Anxious Attachment") != std::string::npos);
  CHECK(info.out.find("Author:          Mindshape") != std::string::npos);
  CHECK(info.out.find("Page size:       595.276 x 841.89 pts (A4)") != std::string::npos);
}

TEST_CASE("pdftotext returns every word of the manuscript, in order", "[e2e][pdf]") {
  // The text area only (A4, crop 60 pt from the top and bottom edges): running heads and footers
  // are not the manuscript's words, and a word hyphenated across a page must rejoin.
  RunResult body = run({"pdftotext", "-enc", "UTF-8", "-x", "0", "-y", "60", "-W", "596", "-H", "722", "-nopgbrk",
                        guide_pdf().string(), "-"});
  const std::vector<std::string> book = words(comparable(body.out));
  std::vector<std::string> chapters;
  for (const auto& e : fs::directory_iterator(source("manuscript")))
    if (e.path().extension() == ".md") chapters.push_back(e.path().string());
  std::sort(chapters.begin(), chapters.end());
  std::size_t at = 0;
  for (const auto& ch : chapters) {
    std::string md = std::regex_replace(read_file(ch), std::regex(R"(\{#[^}]*\})"), " ");
    for (const auto& w : words(comparable(md))) {
      auto found = std::find(book.begin() + static_cast<long>(at), book.end(), w);
      INFO("word `" << w << "` of " << ch << " missing after position " << at);
      REQUIRE(found != book.end());
      at = static_cast<std::size_t>(found - book.begin()) + 1;
    }
  }
}

TEST_CASE("page 1 and the last page hold every crisis number, each a tappable link", "[e2e][pdf][crisis]") {
  const int pages = pdf_pages(guide_pdf());
  REQUIRE(pages > 3);
  for (int page : {1, pages}) {
    const std::string text = comparable(pdf_text(guide_pdf(), page, page));
    for (const char* number : {"988", "116 123", "13 11 14", "112", "741741", "findahelpline.com"}) {
      INFO("page " << page << " lacks " << number);
      CHECK(text.find(number) != std::string::npos);
    }
  }
  RunResult urls = run({"pdfinfo", "-url", guide_pdf().string()});
  for (int page : {1, pages}) {
    for (const char* uri : {"tel:988", "sms:988", "tel:116123", "tel:131114", "tel:112", "sms:741741?body=HOME",
                            "https://findahelpline.com"}) {
      INFO("page " << page << " lacks a link to " << uri);
      CHECK(std::regex_search(urls.out, std::regex("\\n\\s*" + std::to_string(page) + "\\s+Annotation\\s+" +
                                                   std::regex_replace(uri, std::regex(R"([?.])"), "\\$&") + "\\n")));
    }
  }
}

TEST_CASE("cross-references are internal links and print the page they lead to", "[e2e][pdf][xref]") {
  const int pages = pdf_pages(guide_pdf());
  int practice2_page = 0;
  for (int p = 1; p <= pages && !practice2_page; ++p)
    if (pdf_text(guide_pdf(), p, p).find("Practice 2: Repair pacing for the hyperactivating system\n") != std::string::npos) practice2_page = p;
  REQUIRE(practice2_page > 0);
  const std::string all = comparable(pdf_text(guide_pdf()));
  CHECK(all.find("Practice 2: Repair pacing for the hyperactivating system (p. " + std::to_string(practice2_page) + ")") != std::string::npos);
  // Annotations: every internal one has a destination; their count covers every reference.
  RunResult qdf = run({"qpdf", "--qdf", "--object-streams=disable", guide_pdf().string(), "-"});
  const std::string& q = qdf.out;
  std::ptrdiff_t links = 0, dests = 0, contents = 0;
  for (std::size_t at = q.find("/Subtype /Link"); at != std::string::npos; at = q.find("/Subtype /Link", at + 1)) ++links;
  for (std::size_t at = q.find("/Dest ["); at != std::string::npos; at = q.find("/Dest [", at + 1)) ++dests;
  for (std::size_t at = q.find("/Contents"); at != std::string::npos; at = q.find("/Contents", at + 1)) ++contents;
  RunResult dump = bindery({"check", source("manuscript").string(), "--dump=resolved"});
  // References in the text and in the generated lists (not the contents or numbering lines).
  std::ptrdiff_t refs = 0, uris = 0;
  std::istringstream lines(dump.out);
  for (std::string line; std::getline(lines, line);)
    if (std::regex_search(line, std::regex(R"(^  link .* -> ch-|^    -> ch-)"))) ++refs;
  for (std::size_t at = q.find("/URI ("); at != std::string::npos; at = q.find("/URI (", at + 1)) ++uris;
  CHECK(refs > 40);
  CHECK(uris == 14);            // 7 crisis links on page 1 and 7 on the last page
  CHECK(links - uris >= refs);  // a reference broken across lines gets one annotation per line
  CHECK(dests >= links - uris);
  CHECK(contents >= links);    // every link says what it does
  CHECK(q.find("/DisplayDocTitle true") != std::string::npos);
  CHECK(q.find("/Lang (en-GB)") != std::string::npos);
  CHECK(q.find("/Outlines") != std::string::npos);
  CHECK(q.find("/PageLabels") != std::string::npos);
}

TEST_CASE("the same input gives the same PDF bytes, whatever the time zone", "[e2e][pdf][determinism]") {
  fs::path a = scratch("pdf-det-a"), b = scratch("pdf-det-b");
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", a.string(), "--format", "pdf"}, {{"TZ", "UTC"}}).code == 0);
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", b.string(), "--format", "pdf"}, {{"TZ", "Asia/Tokyo"}}).code == 0);
  const std::string name = "secure-partner-anxious-attachment.pdf";
  CHECK(read_file(a / name) == read_file(b / name));
  RunResult qdf = run({"qpdf", "--qdf", (a / name).string(), "-"});
  CHECK(qdf.out.find("/CreationDate (D:20260526000000Z)") != std::string::npos);
  CHECK(qdf.out.find("/M (D:20260526000000Z)") != std::string::npos);
}

TEST_CASE("SOURCE_DATE_EPOCH pins the PDF's dates", "[e2e][pdf][determinism]") {
  fs::path dir = scratch("pdf-sde");
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", dir.string(), "--format", "pdf"}, {{"SOURCE_DATE_EPOCH", "1767225600"}}).code == 0);
  CHECK(pdf_problems(dir / "secure-partner-anxious-attachment.pdf") == "");
  RunResult qdf = run({"qpdf", "--qdf", (dir / "secure-partner-anxious-attachment.pdf").string(), "-"});
  CHECK(qdf.out.find("/CreationDate (D:20260101000000Z)") != std::string::npos);
  CHECK(qdf.out.find("/ModDate (D:20260101000000Z)") != std::string::npos);
}

TEST_CASE("US Letter with --paper letter", "[e2e][pdf]") {
  fs::path dir = scratch("pdf-letter");
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", dir.string(), "--format", "pdf", "--paper", "letter"}).code == 0);
  RunResult info = run({"pdfinfo", (dir / "secure-partner-anxious-attachment.pdf").string()});
  CHECK(info.out.find("Page size:       612 x 792 pts (letter)") != std::string::npos);
  CHECK(pdf_problems(dir / "secure-partner-anxious-attachment.pdf") == "");
}

TEST_CASE("a manuscript's handout style overrides the default: sans text, ragged right, letter", "[e2e][pdf][style]") {
  fs::path book = scratch("pdf-style");
  fs::copy(source("manuscript"), book / "m", fs::copy_options::recursive);
  write_file(book / "m/handout.yaml", "paper: letter\ntext-font: sans\njustify: false\nfooter-note: \"\"\n");
  write_file(book / "m/book.yaml", read_file(book / "m/book.yaml") + "handout-style: handout.yaml\n");
  RunResult r = bindery({"build", (book / "m").string(), "-o", (book / "out").string(), "--format", "pdf"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const fs::path pdf = book / "out/secure-partner-anxious-attachment.pdf";
  CHECK(pdf_problems(pdf) == "");
  RunResult fonts = run({"pdffonts", pdf.string()});
  CHECK(fonts.out.find("NotoSerif") == std::string::npos);
  CHECK(fonts.out.find("NotoSans-Regular") != std::string::npos);
  CHECK(run({"pdfinfo", pdf.string()}).out.find("612 x 792") != std::string::npos);
  CHECK(pdf_text(pdf, 2, 2).find("Educational, not diagnostic") == std::string::npos);
}

TEST_CASE("no page of the guide opens with a back-link list", "[e2e][pdf][pagination]") {
  const int pages = pdf_pages(guide_pdf());
  for (int p = 2; p <= pages; ++p) {
    // The first lines of the text area, below the running head.
    RunResult top = run({"pdftotext", "-enc", "UTF-8", "-f", std::to_string(p), "-l", std::to_string(p), "-x", "0", "-y", "60",
                         "-W", "596", "-H", "40", guide_pdf().string(), "-"});
    INFO("page " << p << " starts: " << top.out);
    for (const char* list : {"Practices that help:", "Where this shows up:", "Practices this draws on:"})
      CHECK(top.out.rfind(list, 0) == std::string::npos);
  }
}
