// How the layout stage sees fonts: widths and vertical metrics only, so line breaking and
// pagination can be tested with fake fonts and the layout never includes PoDoFo.
#pragma once
#include <string_view>

#include "layout/page_set.hpp"

namespace bindery::layout {

/// Implementations must be safe to call from two threads at once: a long book's paragraphs are
/// set on two cores.
class FontMetrics {
 public:
  virtual ~FontMetrics() = default;
  /// Advance width in points of UTF-8 text set in `face` at `size`.
  virtual double width(std::string_view utf8, Face face, double size) const = 0;
  /// Whether `face` has a glyph for the code point.
  virtual bool has_glyph(char32_t cp, Face face) const = 0;
  /// Ascent above the baseline, per point of size (positive).
  virtual double ascent(Face face) const = 0;
};

}  // namespace bindery::layout
