// The layout stage's entry point: a resolved book into positioned pages (PageSet). It sees fonts
// only through FontMetrics; the PDF writer draws what it decides.
#pragma once
#include "layout/font_metrics.hpp"
#include "layout/hyphenate.hpp"
#include "layout/page_set.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::layout {

/// The handout style with the paper resolved to points.
struct PageStyle : load::HandoutStyle {
  double width = 595.276, height = 841.89;  ///< A4 (210 x 297 mm); US Letter is 612 x 792
  PageStyle() = default;
  explicit PageStyle(const load::HandoutStyle& h) : load::HandoutStyle(h) {
    if (paper == "letter") {
      width = 612;
      height = 792;
    }
  }
};

/// Lays the book out. Cross-references show the page they lead to ("Practice 2 (p. 7)"); since
/// that text changes the layout, pages are laid out again until every page number is stable.
PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    diag::Diagnostics& diags);
/// The same with a hyphenator already loaded (the driver loads it while the book is parsed).
PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    const Hyphenator& hy, diag::Diagnostics& diags);

}  // namespace bindery::layout
