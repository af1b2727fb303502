// The layout's plan and its pages: the passes that settle cross-reference page numbers only count
// lines, and the pages are made afterwards, one at a time. These check that the pages made are
// the pages planned (count, anchors, page starts), that they come in order with their running
// footers, and that every "(p. N)" prints its target's real page, also in a face whose figures
// differ in width (where the number itself, not zeros, is set).
#include <catch2/catch.hpp>

#include <map>

#include "layout/hyphenate.hpp"
#include "layout/layout.hpp"
#include "load/manuscript.hpp"
#include "parse/parse.hpp"
#include "fake_layout.hpp"
#include "support.hpp"

using namespace bindery;

namespace {

// Like the fake font, but "1" is a quarter narrower: figures are not tabular.
struct ProportionalFigures : testing::FakeMetrics {
  double width(std::string_view s, layout::Face f, double size) const override {
    double w = testing::FakeMetrics::width(s, f, size);
    for (char c : s)
      if (c == '1') w -= size * 0.125;
    return w;
  }
};

// Sections spread over a dozen pages, each referring to a later and an earlier one, so the
// numbers have one and two digits and change between passes.
std::string book_with_references() {
  std::string md = "# Cross references {#top}\n\n";
  std::string para;
  for (int i = 0; i < 60; ++i) para += "Some words to fill the page with text. ";
  for (int s = 1; s <= 12; ++s) {
    md += "## Section " + std::to_string(s) + " {#s" + std::to_string(s) + "}\n\n";
    md += "See [the next but one](#s" + std::to_string(s % 12 + 1) + ") and [the first](#s1). " + para + "\n\n";
    md += para + "\n\n";
  }
  return md;
}

struct Planned {
  diag::SourceFiles files;
  diag::Diagnostics diags;
  load::Manuscript m;
  resolve::ResolvedBook book;
};

std::unique_ptr<Planned> load_book(const std::string& name) {
  auto p = std::make_unique<Planned>();
  const auto dir = testing::scratch("plan-" + name);
  testing::write_file(dir / "book.md", book_with_references());
  p->m = load::load_manuscript(dir / "book.md", {}, p->files, p->diags);
  p->book = resolve::resolve_book(parse::parse_book(p->m, p->files, p->diags), p->m, p->files, p->diags);
  REQUIRE_FALSE(p->diags.has_errors());
  return p;
}

// Every page number printed is its target's page, and is as wide as the font makes its text.
void check_numbers(const layout::PageSet& set, const layout::FontMetrics& metrics) {
  std::map<std::string, std::size_t> page_of;
  for (const auto& a : set.anchors) page_of.emplace(a.id, a.page + 1);
  int numbers = 0;
  for (const auto& page : set.pages)
    for (const auto& it : page.items) {
      if (!it.page_number) continue;
      ++numbers;
      INFO("reference to " << it.dest());
      REQUIRE(page_of.count(it.dest()));
      CHECK(it.text == "\u00A0(p.\u00A0" + std::to_string(page_of[it.dest()]) + ")");
      CHECK(it.width == Approx(metrics.width(it.text, it.face, it.size)));
    }
  CHECK(numbers >= 24);
}

}  // namespace

TEST_CASE("layout plan: the pages made are the pages planned, in order", "[layout][plan]") {
  auto p = load_book("order");
  testing::FakeMetrics metrics;
  layout::Hyphenator hy(p->m.meta.language);
  const layout::PageStyle style(p->m.handout);
  const layout::Layout lay = layout::plan_layout(p->book, metrics, style, hy, p->diags);
  const layout::PageSet& plan = lay.plan();
  CHECK(plan.pages.empty());
  REQUIRE(plan.page_count >= 10);
  std::size_t next = 0;
  lay.emit([&](std::size_t index, layout::Page&& page) {
    CHECK(index == next++);
    // Every page but the first has its number in the footer.
    bool numbered = false;
    for (const auto& it : page.items) numbered |= it.role == layout::Role::Footer && it.text == std::to_string(index + 1);
    CHECK(numbered == (index > 0));
  });
  CHECK(next == plan.page_count);
  const layout::PageSet all = lay.collect();
  CHECK(all.pages.size() == plan.page_count);
  REQUIRE(all.anchors.size() == plan.anchors.size());
  for (std::size_t i = 0; i < all.anchors.size(); ++i) {
    CHECK(all.anchors[i].id == plan.anchors[i].id);
    CHECK(all.anchors[i].page == plan.anchors[i].page);
  }
  CHECK(all.page_starts.size() == plan.page_starts.size());
  check_numbers(all, metrics);
}

TEST_CASE("layout plan: page numbers are right with tabular and with proportional figures", "[layout][plan]") {
  auto p = load_book("figures");
  layout::Hyphenator hy(p->m.meta.language);
  const layout::PageStyle style(p->m.handout);
  SECTION("tabular (numbers set as zeros)") {
    testing::FakeMetrics metrics;
    check_numbers(layout::plan_layout(p->book, metrics, style, hy, p->diags).collect(), metrics);
  }
  SECTION("proportional (numbers set as they are)") {
    ProportionalFigures metrics;
    check_numbers(layout::plan_layout(p->book, metrics, style, hy, p->diags).collect(), metrics);
  }
}
