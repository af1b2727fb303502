// The layout stage's entry point: a resolved book into positioned pages (PageSet). It sees fonts
// only through FontMetrics; the PDF writer draws what it decides.
#pragma once
#include "layout/font_metrics.hpp"
#include "layout/page_set.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::layout {

struct PageStyle {
  double width = 595.276, height = 841.89;  ///< A4; US Letter is 612 x 792
  double margin_top = 68, margin_bottom = 68, margin_left = 66, margin_right = 66;
  double body_size = 10.5, leading = 14.5, paragraph_space = 5;
  double h1_size = 17, h2_size = 12.5, h3_size = 11;
  bool justify = true;
  bool hyphenate = true;
  std::string footer_note = "Educational, not diagnostic";
};

/// Lays the book out. Cross-references show the page they lead to ("Practice 2 (p. 7)"); since
/// that text changes the layout, pages are laid out again until every page number is stable.
PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    diag::Diagnostics& diags);

}  // namespace bindery::layout
