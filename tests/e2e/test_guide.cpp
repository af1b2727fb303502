// The guide end to end: built by the real binary, checked by epubcheck, read back for fidelity,
// crisis lines, structure and determinism.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

const fs::path& guide_epub() {
  static const fs::path epub = [] {
    fs::path dir = scratch("guide");
    RunResult r = bindery({"build", source("manuscript").string(), "-o", dir.string(), "--format", "epub"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    return dir / "secure-partner-anxious-attachment.epub";
  }();
  return epub;
}

// Markdown source words, without heading ids, link destinations or reference syntax.
std::vector<std::string> manuscript_words(const std::string& md) {
  std::string s = std::regex_replace(md, std::regex(R"(\{#[^}]*\})"), " ");
  s = std::regex_replace(s, std::regex(R"(\]\([^)]*\))"), " ");
  s = std::regex_replace(s, std::regex(R"(-?@[a-z][a-z0-9-]*[a-z0-9])"), " ");
  return words(s);
}

}  // namespace

TEST_CASE("the guide builds and epubcheck reports nothing", "[e2e][guide][epubcheck]") {
  CHECK(epubcheck_problems(guide_epub()) == "");
}

TEST_CASE("every word of the manuscript appears in the EPUB, in order", "[e2e][guide]") {
  auto files = read_epub(guide_epub());
  std::vector<std::string> book;
  for (const auto& doc : spine(files)) {
    auto w = words(body_text(files.at(doc)));
    book.insert(book.end(), w.begin(), w.end());
  }
  std::vector<std::string> chapters;
  for (const auto& e : fs::directory_iterator(source("manuscript")))
    if (e.path().extension() == ".md") chapters.push_back(e.path().string());
  std::sort(chapters.begin(), chapters.end());  // the files are numbered in reading order
  REQUIRE(chapters.size() == 10);
  std::size_t at = 0;
  for (const auto& ch : chapters) {
    for (const auto& w : manuscript_words(read_file(ch))) {
      auto found = std::find(book.begin() + static_cast<long>(at), book.end(), w);
      INFO("word `" << w << "` of " << ch << " missing after position " << at);
      REQUIRE(found != book.end());
      at = static_cast<std::size_t>(found - book.begin()) + 1;
    }
  }
}

TEST_CASE("the first and last documents of the spine hold every crisis line as a link", "[e2e][guide][crisis]") {
  auto files = read_epub(guide_epub());
  auto order = spine(files);
  REQUIRE(order.size() >= 3);
  const std::vector<std::string> links{"tel:988", "sms:988", "tel:116123", "tel:131114", "tel:112",
                                       "sms:741741?body=HOME", "https://findahelpline.com"};
  for (const auto& doc : {order.front(), order.back()}) {
    auto h = hrefs(files.at(doc));
    for (const auto& l : links) {
      INFO(doc << " lacks " << l);
      CHECK(std::find(h.begin(), h.end(), l) != h.end());
    }
    const std::string text = body_text(files.at(doc));
    for (const char* number : {"988", "116 123", "13 11 14", "112", "741741", "findahelpline.com"}) CHECK(text.find(number) != std::string::npos);
  }
  // The full crisis page comes straight after the title page.
  CHECK(order[1] == "EPUB/text/title.xhtml");
  CHECK(order[2] == "EPUB/text/crisis-front.xhtml");
  CHECK(order.back() == "EPUB/text/crisis-back.xhtml");
}

TEST_CASE("two builds give identical bytes, whatever the time zone", "[e2e][guide][determinism]") {
  fs::path a = scratch("det-a"), b = scratch("det-b");
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", a.string(), "--format", "epub"}, {{"TZ", "UTC"}}).code == 0);
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", b.string(), "--format", "epub"}, {{"TZ", "Asia/Tokyo"}}).code == 0);
  const std::string name = "secure-partner-anxious-attachment.epub";
  CHECK(read_file(a / name) == read_file(b / name));
  CHECK(read_file(a / name) == read_file(guide_epub()));
}

TEST_CASE("SOURCE_DATE_EPOCH pins dcterms:modified and the zip timestamps", "[e2e][guide][determinism]") {
  fs::path a = scratch("sde");
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", a.string(), "--format", "epub"}, {{"SOURCE_DATE_EPOCH", "1767225600"}}).code == 0);
  auto files = read_epub(a / "secure-partner-anxious-attachment.epub");
  CHECK(files.at("EPUB/package.opf").find("<meta property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>") != std::string::npos);
  auto plain = read_epub(guide_epub());
  CHECK(plain.at("EPUB/package.opf").find("<meta property=\"dcterms:modified\">2026-05-26T00:00:00Z</meta>") != std::string::npos);
}

TEST_CASE("the package: mimetype first and stored, navigation, landmarks and accessibility metadata", "[e2e][guide]") {
  const std::string bytes = read_file(guide_epub());
  CHECK(bytes.substr(30, 28) == "mimetypeapplication/epub+zip");
  auto files = read_epub(guide_epub());
  const std::string& opf = files.at("EPUB/package.opf");
  for (const char* m : {"<dc:language>en-GB</dc:language>", "<dc:identifier id=\"pub-id\">urn:uuid:",
                        "schema:accessMode\">textual<", "schema:accessibilityFeature\">tableOfContents<",
                        "schema:accessibilityHazard\">none<", "schema:accessModeSufficient\">textual<",
                        "schema:accessibilitySummary", "properties=\"nav\""}) {
    INFO(m);
    CHECK(opf.find(m) != std::string::npos);
  }
  // No images in the guide, so no claim about alternative text.
  CHECK(opf.find("alternativeText") == std::string::npos);
  const std::string& nav = files.at("EPUB/nav.xhtml");
  for (const char* t : {"epub:type=\"toc\"", "role=\"doc-toc\"", "epub:type=\"landmarks\"", "epub:type=\"cover\"",
                        "epub:type=\"bodymatter\"", "epub:type=\"backmatter\"", "text/ch-03-how-it-shows-up.xhtml#scn-repair"}) {
    INFO(t);
    CHECK(nav.find(t) != std::string::npos);
  }
  CHECK(files.count("EPUB/toc.ncx") == 1);
}

TEST_CASE("every XHTML file declares UTF-8, has lang and a title, and pairs epub:type with a role", "[e2e][guide]") {
  auto files = read_epub(guide_epub());
  for (const auto& [name, bytes] : files) {
    if (name.size() < 6 || name.substr(name.size() - 6) != ".xhtml") continue;
    INFO(name);
    CHECK(bytes.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0) == 0);
    CHECK(bytes.find("xml:lang=\"en-GB\"") != std::string::npos);
    CHECK(std::regex_search(bytes, std::regex("<title>[^<]+</title>")));
    CHECK(bytes.find("<body id=") == std::string::npos);
    std::smatch m;
    std::string rest = bytes;
    std::regex typed("<(section|nav)[^>]*epub:type=\"(chapter|introduction|qna|bibliography|notice|toc)\"[^>]*>");
    while (std::regex_search(rest, m, typed)) {
      CHECK(m[0].str().find("role=\"doc-") != std::string::npos);
      rest = m.suffix();
    }
  }
}

TEST_CASE("headings keep their ids, scenario links point at headings", "[e2e][guide]") {
  auto files = read_epub(guide_epub());
  const std::string& ch = files.at("EPUB/text/ch-03-how-it-shows-up.xhtml");
  CHECK(ch.find("<h2 id=\"scn-repair\">") != std::string::npos);
  CHECK(ch.find("<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"ch-shows-up\">") != std::string::npos);
  CHECK(ch.find("don’t have capacity") != std::string::npos);  // smart punctuation
}
