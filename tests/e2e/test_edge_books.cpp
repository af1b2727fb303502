// Edge-case books (tests/books/edge): each builds to an EPUB that epubcheck passes, or fails with
// exactly the expected diagnostics. Expected diagnostics live beside each book in NAME.expected;
// run the tests with BINDERY_UPDATE_GOLDEN=1 to rewrite them after an intended change.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

std::string strip_prefix(std::string s, const std::string& prefix) {
  for (std::size_t at = s.find(prefix); at != std::string::npos; at = s.find(prefix)) s.erase(at, prefix.size());
  return s;
}

void check_edge_book(const std::string& name, bool must_build) {
  const fs::path md = source("tests/books/edge/" + name + ".md");
  const fs::path out = scratch("edge-" + name);
  RunResult r = bindery({"build", md.string(), "-o", out.string()});
  // The status line names the scratch folder; the diagnostics are what the golden file pins.
  std::string err = r.err;
  for (auto at = err.find("bindery: wrote "); at != std::string::npos; at = err.find("bindery: wrote "))
    err.erase(at, err.find('\n', at) - at + 1);
  const std::string actual = "exit " + std::to_string(r.code) + "\n" + strip_prefix(err, source("").string());
  const fs::path expected_path = source("tests/books/edge/" + name + ".expected");
  if (std::getenv("BINDERY_UPDATE_GOLDEN")) write_file(expected_path, actual);
  CHECK(actual == read_file(expected_path));
  const fs::path epub = out / (name + ".epub");
  if (must_build) {
    REQUIRE(r.code == 0);
    REQUIRE(fs::exists(epub));
    CHECK(epubcheck_problems(epub) == "");
    CHECK(pdf_problems(out / (name + ".pdf")) == "");
  } else {
    CHECK(r.code == 1);
    CHECK_FALSE(fs::exists(epub));
    CHECK_FALSE(fs::exists(out / (name + ".pdf")));
    CHECK(fs::is_empty(out));
  }
}

}  // namespace

#define EDGE_BOOK(name, builds) \
  TEST_CASE("edge book " name, "[e2e][edge][epubcheck]") { check_edge_book(name, builds); }

EDGE_BOOK("commonmark-all", true)
EDGE_BOOK("raw-html", true)
EDGE_BOOK("hostile-chars", true)
EDGE_BOOK("crlf-bom", true)
EDGE_BOOK("cr-only", true)
EDGE_BOOK("no-heading", true)
EDGE_BOOK("only-front-matter", true)
EDGE_BOOK("empty", true)
EDGE_BOOK("headings-skip", true)
EDGE_BOOK("long-lines", true)
EDGE_BOOK("links-fragments", true)
EDGE_BOOK("unclosed-front-matter", true)
EDGE_BOOK("corpus-regressions", true)
EDGE_BOOK("deep-nesting", true)
EDGE_BOOK("fail-images", false)
EDGE_BOOK("fail-front-matter", false)
EDGE_BOOK("fail-ids", false)

TEST_CASE("every edge book in the folder has a test", "[e2e][edge]") {
  int books = 0;
  for (const auto& e : fs::directory_iterator(source("tests/books/edge")))
    if (e.path().extension() == ".md" && e.path().filename() != "README.md") ++books;
  CHECK(books == 17);
}
