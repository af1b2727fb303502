// Cross-references end to end: numbering, @id references in every inline context, links across
// files, back-links in reading order, every diagnostic's exact text, and the guide's whole
// reference graph as a golden dump. BINDERY_UPDATE_GOLDEN=1 rewrites the golden files.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

std::string relative(std::string s) {
  const std::string prefix = source("").string();
  for (std::size_t at = s.find(prefix); at != std::string::npos; at = s.find(prefix)) s.erase(at, prefix.size());
  return s;
}

void check_golden(const std::string& name, const std::string& actual) {
  const fs::path path = source("tests/golden/" + name);
  if (std::getenv("BINDERY_UPDATE_GOLDEN")) write_file(path, actual);
  CHECK(actual == read_file(path));
}

}  // namespace

TEST_CASE("the guide's whole reference graph (golden --dump=resolved)", "[e2e][xref][guide]") {
  RunResult r = bindery({"check", source("manuscript").string(), "--dump=resolved"});
  REQUIRE(r.code == 0);
  check_golden("guide.resolved", r.out);
}

TEST_CASE("the guide builds with --werror: every scenario leads to a practice, every practice is reached", "[e2e][xref][guide]") {
  fs::path out = scratch("xref-werror");
  RunResult r = bindery({"build", "--werror", source("manuscript").string(), "-o", out.string()});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err == "bindery: wrote " + (out / "secure-partner-anxious-attachment.epub").generic_string() + "\n" +
                     "bindery: wrote " + (out / "secure-partner-anxious-attachment.pdf").generic_string() + "\n");
  CHECK(pdf_problems(out / "secure-partner-anxious-attachment.pdf") == "");
}

TEST_CASE("the guide's scenarios link to practices at headings, and practices link back", "[e2e][xref][guide]") {
  fs::path out = scratch("xref-guide");
  REQUIRE(bindery({"build", source("manuscript").string(), "-o", out.string(), "--format", "epub"}).code == 0);
  auto files = read_epub(out / "secure-partner-anxious-attachment.epub");
  const std::string& scn = files.at("EPUB/text/ch-03-how-it-shows-up.xhtml");
  const std::string& prc = files.at("EPUB/text/ch-06-what-actually-helps.xhtml");
  CHECK(scn.find("<h2 id=\"scn-repair\"><span class=\"number\">Scenario 3:</span> The repair that actually works</h2>") != std::string::npos);
  CHECK(scn.find("<a href=\"ch-06-what-actually-helps.xhtml#prc-repair-pacing\">Practice 2: Repair pacing for the hyperactivating system</a>") != std::string::npos);
  // Labelled by its heading and its item's heading (in the same file), so each list's name is unique.
  CHECK(prc.find("<h2 id=\"prc-repair-pacing\">") != std::string::npos);
  CHECK(prc.find("<nav class=\"backlinks\" aria-labelledby=\"backlinks-prc-repair-pacing prc-repair-pacing\"><p class=\"backlinks-title\" "
                 "id=\"backlinks-prc-repair-pacing\">Where this shows up</p><ul><li><a href=\"ch-03-how-it-shows-up.xhtml#scn-repair\">"
                 "Scenario 3: The repair that actually works</a></li><li><a href=\"ch-08-faq.xhtml#faq-reassurance\">Question 2: "
                 "Why does my partner get more anxious when I’m reassuring?</a></li></ul></nav>") != std::string::npos);
  // Every internal link's fragment names a heading in its target file (no RSC-012, no Kobo pop-ups).
  for (const auto& [name, bytes] : files) {
    if (name.rfind("EPUB/text/", 0) != 0) continue;
    for (const auto& href : hrefs(bytes)) {
      const auto hash = href.find('#');
      if (href.find(':') != std::string::npos || hash == std::string::npos) continue;
      const std::string file = href.substr(0, hash).empty() ? name : "EPUB/text/" + href.substr(0, hash);
      INFO(name << " -> " << href);
      REQUIRE(files.count(file) == 1);
      CHECK(std::regex_search(files.at(file), std::regex("<h[1-6] id=\"" + href.substr(hash + 1) + "\">")));
    }
  }
}

TEST_CASE("references in lists, quotes, headings and emphasis, across files, with back-links in reading order", "[e2e][xref][epubcheck]") {
  fs::path out = scratch("xref-book");
  RunResult r = bindery({"build", source("tests/books/xref").string(), "-o", out.string(), "--dump=resolved"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err == "bindery: wrote " + (out / "cross-reference-test-book.epub").generic_string() + "\n" +
                     "bindery: wrote " + (out / "cross-reference-test-book.pdf").generic_string() + "\n");
  check_golden("xref.resolved", r.out);
  CHECK(epubcheck_problems(out / "cross-reference-test-book.epub") == "");
  CHECK(pdf_problems(out / "cross-reference-test-book.pdf") == "");
}

TEST_CASE("every cross-reference diagnostic, exactly", "[e2e][xref]") {
  RunResult r = bindery({"check", source("tests/books/xref-errors").string()});
  CHECK(r.code == 1);
  check_golden("xref-errors.stderr", relative(r.err));
}
