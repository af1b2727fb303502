// The book as a flat list of blocks to set, with their styles (layout stage).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "layout/layout.hpp"
#include "layout/set_paragraph.hpp"

namespace bindery::layout {

/// A block to set. A long book's flow holds tens of thousands until their pages are made, so
/// what only some blocks have (a list label, a heading's id and title, code lines) lives apart.
struct FlowBlock {
  enum class Kind : std::uint8_t { Heading, Paragraph, Code, Rule, PageBreak, CrisisBox } kind = Kind::Paragraph;
  bool keep_with_next = false;
  bool keep_with_previous = false;  ///< never starts a page alone (back-link lists)
  int level = 0;      ///< heading level
  std::vector<Piece> pieces;
  ParagraphStyle style;
  double indent_left = 0, indent_right = 0;
  double space_before = 0, space_after = 0;
  std::vector<Group> groups;       ///< lists, items, quotes, crisis box around it (tagging)
  const doc::Node* node = nullptr; ///< the manuscript block it comes from (EPUB page marks)

  struct Extra {
    std::string label;  ///< list label ("•", "3.") set in the margin of the first line
    std::string id;     ///< heading id (anchor)
    std::string title;  ///< heading text (outline)
    std::vector<std::string> code_lines;
  };
  std::unique_ptr<Extra> extra;  ///< null: none of these

  const std::string& label() const { return extra ? extra->label : kNone; }
  const std::string& id() const { return extra ? extra->id : kNone; }
  const std::string& title() const { return extra ? extra->title : kNone; }
  const std::vector<std::string>& code_lines() const { return extra ? extra->code_lines : kNoLines; }
  /// The block's Extra, made when first asked for.
  Extra& more() {
    if (!extra) extra = std::make_unique<Extra>();
    return *extra;
  }

 private:
  static inline const std::string kNone;
  static inline const std::vector<std::string> kNoLines;
};

/// Flattens the chapters into blocks. A cross-reference's page number is a piece of its own
/// (Piece::page_number) showing "00": the layout gives it each pass's number. `chapter_collected`
/// is told each chapter's index once its model has been read for the last time.
std::vector<FlowBlock> collect_flow(const resolve::ResolvedBook& book, const PageStyle& style,
                                    const std::function<void(std::size_t)>& chapter_collected = {});

/// The text of a cross-reference's page number: "(p. 7)", kept with the reference.
std::string page_number_text(const std::string& number);

/// A ragged-right, unhyphenated block of the given pieces (title lines, crisis lines).
FlowBlock plain_block(std::vector<Piece> pieces, double size, Role role, double space_after);

/// Moves characters the chosen face lacks to the fallback face; drops (with a MissingGlyph
/// warning naming the character and line) those no font has.
void cover_glyphs(std::vector<FlowBlock>& blocks, const FontMetrics& metrics, diag::Diagnostics& diags);

/// The crisis lines as blocks (first-page box when `compact`, else the last page).
std::vector<FlowBlock> crisis_blocks(const load::CrisisLines& crisis, const PageStyle& style, bool compact);

}  // namespace bindery::layout
