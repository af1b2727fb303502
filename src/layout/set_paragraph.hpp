// Setting one paragraph: styled inline pieces into boxes, glue and penalties, broken into lines
// by total fit, then justified (layout stage).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "layout/font_metrics.hpp"
#include "diag/diagnostics.hpp"
#include "doc/node.hpp"
#include "layout/hyphenate.hpp"

namespace bindery::layout {

/// A run of text in one face, possibly a link.
struct Piece {
  std::string text;
  Face face = Face::Serif;
  std::string uri;   ///< external link
  std::string dest;  ///< internal link (heading id)
  std::string contents;
  bool hard_break = false;  ///< a forced line break (Markdown hard break)
  /// A cross-reference's page number, "(p. 00)": set with zeros for digits (every face's figures
  /// are as wide as each other) and printed with the final number, so a block's lines do not
  /// change when the numbers do (see layout_book.cpp).
  bool page_number = false;
  diag::SourcePos pos{};    ///< where the text came from, for warnings about missing glyphs
  const doc::Node* node = nullptr;  ///< the text node `text` is (a copy of), for EPUB page marks
};

struct ParagraphStyle {
  double size = 10.5;
  bool justify = true;
  bool hyphenate = true;
  Role role = Role::Paragraph;
  unsigned colour = 0;
};

/// A set line: words placed with x relative to the line's left edge.
struct Line {
  std::vector<Placed> items;
  double width = 0;  ///< the measure the line was set to
  bool hyphenated = false;  ///< ends inside a word (at a hyphenation point or an explicit hyphen)
  std::size_t first_piece = 0, first_offset = 0;  ///< where its first word comes from: piece, byte in its text
};

/// Breaks `pieces` into lines of `line_width(n)` points.
std::vector<Line> set_paragraph(const std::vector<Piece>& pieces, const ParagraphStyle& style, const FontMetrics& metrics,
                                const Hyphenator* hyphenator, const std::function<double(std::size_t)>& line_width);

}  // namespace bindery::layout
