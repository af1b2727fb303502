// Setting one paragraph: styled inline pieces into boxes, glue and penalties, broken into lines
// by total fit, then justified (layout stage). The result keeps where each word's text is and
// where it goes, not the text itself: a long book's set lines are held from the first pass to the
// last, and copies of every word were most of a 10 MB book's memory (bench/README.md).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "layout/font_metrics.hpp"
#include "diag/diagnostics.hpp"
#include "doc/node.hpp"
#include "layout/hyphenate.hpp"

namespace bindery::layout {

/// A run of text in one face, possibly a link. Fields largest first: a long book's flow holds
/// hundreds of thousands of these until its pages are made.
struct Piece {
  std::string text;
  /// Where the piece links to; null: not a link. Every piece of one link shares it.
  std::shared_ptr<const LinkTarget> link = nullptr;
  diag::SourcePos pos{};    ///< where the text came from, for warnings about missing glyphs
  Face face = Face::Serif;
  bool hard_break = false;  ///< a forced line break (Markdown hard break)
  /// A cross-reference's page number, "(p. 00)": set with zeros for digits (every face's figures
  /// are as wide as each other) and printed with the final number, so a block's lines do not
  /// change when the numbers do (see layout_book.cpp).
  bool page_number = false;
  const doc::Node* node = nullptr;  ///< the text node `text` is (a copy of), for EPUB page marks

  Piece() = default;
  Piece(std::string t, Face f, std::shared_ptr<const LinkTarget> l = nullptr) : text(std::move(t)), link(std::move(l)), face(f) {}

  const std::string& uri() const { return link ? link->uri : kNoLink; }    ///< external link
  const std::string& dest() const { return link ? link->dest : kNoLink; }  ///< internal link (heading id)
};

struct ParagraphStyle {
  double size = 10.5;
  bool justify = true;
  bool hyphenate = true;
  Role role = Role::Paragraph;
  unsigned colour = 0;
};

/// A set word (or syllable): its text is bytes [offset, offset + length) of piece `piece`'s text
/// (in a code block, of code line `piece`). Its width and place are not kept: a long book holds
/// millions of these from the first layout pass to the last (twelve bytes each, not thirty-two),
/// and both follow exactly from the text (place_words measures it again, adding up the same
/// widths in the same order as the breaker did, so the positions are the same to the last bit).
struct SetWord {
  std::uint32_t piece = 0, offset = 0;
  std::uint32_t length : 29 = 0;
  std::uint32_t joins : 1 = 0;        ///< continues the word before it (its next syllable, from another piece): one placed run
  std::uint32_t space_after : 1 = 0;  ///< a word space follows
  std::uint32_t spaced : 1 = 0;       ///< a word space (glue) comes before it on its line
};
static_assert(sizeof(SetWord) == 12);

/// A set line: its words are words[first_word, the next line's first_word) of its paragraph.
/// Sixteen bytes: what can be worked out from its words (where it ends, where its text begins, the
/// hyphen's width) is, when its page is made.
struct Line {
  double ratio = 0;  ///< how far its word spaces stretch (> 0) or shrink (< 0); 0 when not justified
  std::uint32_t first_word = 0;
  bool hyphenated = false;  ///< ends inside a word (at a hyphenation point or an explicit hyphen)
  bool hyphen = false;      ///< a hyphen is drawn at its end (hyphenated at a hyphenation point)
};
static_assert(sizeof(Line) == 16);

/// A paragraph set into lines.
struct SetParagraph {
  std::vector<Line> lines;
  std::vector<SetWord> words;
  /// One past line `n`'s last word.
  std::uint32_t end_word(std::size_t n) const {
    return n + 1 < lines.size() ? lines[n + 1].first_word : static_cast<std::uint32_t>(words.size());
  }
  bool empty(std::size_t n) const { return lines[n].first_word == end_word(n); }
};

/// Breaks `pieces` into lines of `line_width(n)` points.
SetParagraph set_paragraph(const std::vector<Piece>& pieces, const ParagraphStyle& style, const FontMetrics& metrics,
                           const Hyphenator* hyphenator, const std::function<double(std::size_t)>& line_width);

/// The width of a word space in `face` at `size` and how far it stretches and shrinks: the glue
/// set_paragraph gives the breaker, and place_words spaces words by.
struct Space {
  double width, stretch, shrink;
};
Space word_space(const FontMetrics& metrics, Face face, const ParagraphStyle& style);

/// Appends line `n`'s placed words to `out`, x from the line's left edge: the syllables of a word
/// as one run, with the hyphen drawn at a hyphenated line's end; text, face, link and role from
/// the pieces, size and colour from `style`, widths from `metrics` (which set the paragraph).
void place_words(const SetParagraph& set, std::size_t n, const std::vector<Piece>& pieces, const ParagraphStyle& style,
                 const FontMetrics& metrics, std::vector<Placed>& out);

}  // namespace bindery::layout
