// The PDF writer: the only code that includes PoDoFo (0.9.8). It provides the layout stage's
// font metrics from the very fonts it embeds, and draws a PageSet.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "layout/font_metrics.hpp"
#include "layout/layout.hpp"

namespace bindery::pdf {

/// Where a file's bytes go, in order, a piece at a time.
using ByteSink = std::function<void(std::string_view)>;

/// A PDF being made: the document and its fonts (Noto Serif and Noto Sans, DejaVu Sans Mono),
/// embedded as subsets with Identity-H and a ToUnicode map.
class PdfOutput {
 public:
  PdfOutput();
  ~PdfOutput();
  /// "" when every font was found; otherwise what is missing.
  const std::string& font_error() const;
  const layout::FontMetrics& metrics() const;
  /// Draws the pages as `layout` makes them, one at a time, and writes the file into `sink` as it
  /// goes (a staged temporary, committed with the other outputs, all or nothing: the file is never
  /// whole in memory), then releases the layout's lines. `modified` is YYYY-MM-DDThh:mm:ssZ and
  /// pins every date. Returns "" or an error message; the sink's bytes are then to be dropped.
  std::string render(layout::Layout& layout, const std::string& modified, const ByteSink& sink);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bindery::pdf
