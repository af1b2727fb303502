// The tagged PDF's structure tree, worked out from a laid-out book with a fake font: a golden
// `--dump=structure` text of a small book with a quote, nested lists, code and links, and the
// marked-content rules (one MCID per run of items with the same owner, artifacts for running
// heads and page numbers).
#include <catch2/catch.hpp>

#include "layout/layout.hpp"
#include "load/manuscript.hpp"
#include "parse/parse.hpp"
#include "pdf/structure.hpp"
#include "fake_layout.hpp"
#include "support.hpp"

using namespace bindery;

namespace {

std::unique_ptr<testing::FakeBuilt> lay_out(const std::string& name, const std::string& markdown) {
  return testing::lay_out_fake("structure-" + name, markdown);
}

const char* kBook =
    "# Small {#small}\n\n"
    "> Quoted, with a [link](https://example.org/).\n\n"
    "1. First\n   - inner\n2. Second\n\n"
    "```\nline one\nline two\n```\n";

}  // namespace

TEST_CASE("structure golden: a small book's tagged structure as text", "[pdf][structure][golden]") {
  auto b = lay_out("golden", kBook);
  REQUIRE_FALSE(b->diags.has_errors());
  const std::string actual = pdf::dump_structure(pdf::build_structure(b->pages), b->pages);
  const auto path = testing::source("tests/golden/small.structure");
  if (std::getenv("BINDERY_UPDATE_GOLDEN")) testing::write_file(path, actual);
  CHECK(actual == testing::read_file(path));
}

TEST_CASE("structure: each run of items with one owner is one MCID, running heads are artifacts", "[pdf][structure]") {
  auto b = lay_out("mcid", kBook);
  const pdf::Structure s = pdf::build_structure(b->pages);
  REQUIRE(s.marks.size() == b->pages.pages.size());
  for (std::size_t p = 0; p < s.marks.size(); ++p) {
    const auto& items = b->pages.pages[p].items;
    int last = -1;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto& m = s.marks[p][i];
      if (items[i].role == layout::Role::Header || items[i].role == layout::Role::Footer ||
          items[i].kind != layout::Placed::Kind::Text) {
        CHECK(m.kind == pdf::ItemMark::Kind::Artifact);
        continue;
      }
      REQUIRE(m.kind == pdf::ItemMark::Kind::Content);
      // MCIDs rise through the page and each names the element that owns it.
      CHECK(m.mcid >= last);
      last = m.mcid;
      CHECK(s.mcid_owner[p].at(static_cast<std::size_t>(m.mcid)) == m.element);
    }
  }
  // Every element but the Document has a parent that lists it as a kid.
  for (std::size_t e = 1; e < s.elements.size(); ++e) {
    const auto& kids = s.elements[s.elements[e].parent].kids;
    CHECK(std::any_of(kids.begin(), kids.end(), [&](const pdf::StructKid& k) {
      return k.kind == pdf::StructKid::Kind::Element && k.element == e;
    }));
  }
}
