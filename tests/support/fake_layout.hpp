// A single-file book laid out with a fake font (every character half an em wide), for the unit
// tests of pagination and of the PDF's structure tree: load, parse, resolve and layout as the CLI
// runs them, with metrics that make line lengths easy to reason about.
#pragma once
#include <memory>
#include <string>

#include "diag/diagnostics.hpp"
#include "layout/layout.hpp"
#include "load/manuscript.hpp"
#include "resolve/resolved_book.hpp"

namespace testing {
using namespace bindery;

struct FakeMetrics : layout::FontMetrics {
  double width(std::string_view s, layout::Face, double size) const override;
  bool has_glyph(char32_t, layout::Face) const override { return true; }
  double ascent(layout::Face) const override { return 0.8; }
};

struct FakeBuilt {
  diag::SourceFiles files;
  diag::Diagnostics diags;
  load::Manuscript m;
  resolve::ResolvedBook book;
  layout::PageSet pages;
};

/// Writes `markdown` to a scratch folder named `scratch_name` and lays it out; with no `style`,
/// the book's own handout style.
std::unique_ptr<FakeBuilt> lay_out_fake(const std::string& scratch_name, const std::string& markdown,
                                        const load::HandoutStyle* style = nullptr);

}  // namespace testing
