// The layout stage's output: positioned pages for the PDF writer. Everything is decided here;
// the writer only draws (typst's Frame). Every placed item records its structural role so a later
// stage can tag the PDF (issue #7).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bindery::layout {

/// Faces the layout uses; the writer maps them to font files.
enum class Face : std::uint8_t { Serif, SerifBold, SerifItalic, SerifBoldItalic, Sans, SansBold, SansItalic, SansBoldItalic, Mono, Fallback, Count };

/// What a placed item is part of, for tagging and for reading order.
enum class Role : std::uint8_t { Paragraph, Heading1, Heading2, Heading3, ListItem, ListLabel, BlockQuote, Code, Link, CrisisBox, Header, Footer, Rule };

/// Where a link goes. Every word of a link shares one (a word is placed once per printed word,
/// so three strings in each would be most of a long book's layout memory).
struct LinkTarget {
  std::string uri;       ///< external link target (tel:, sms:, https:)
  std::string dest;      ///< internal link target: a heading id
  std::string contents;  ///< what the link does, for /Contents
};

inline const std::string kNoLink;

// A long book places millions of these (a page's worth at a time: the set lines keep only where
// each word's text is): fields are ordered largest first, and the enums are one byte, so no
// padding is wasted.
struct Placed {
  double x = 0, y = 0;  ///< points from the page's bottom-left; text y is the baseline
  double width = 0, height = 0;
  double size = 10;
  std::string text;
  std::shared_ptr<const LinkTarget> link;  ///< null: not part of a link
  unsigned colour = 0;  ///< 0xRRGGBB, from the handout style
  std::uint32_t block = 0;  ///< which flowed block (paragraph, heading, ...) this belongs to, from 1; 0 = none
  std::uint32_t line = 0;   ///< line number within the block, from 0
  enum class Kind : std::uint8_t { Text, Rule, Frame } kind = Kind::Text;
  Face face = Face::Serif;
  Role role = Role::Paragraph;
  bool space_after = false; ///< a word space follows (drawn, so extracted and tagged text has spaces)
  bool page_number = false; ///< shows the page of dest(): the layout writes the number in when it makes the page

  const std::string& uri() const { return link ? link->uri : kNoLink; }
  const std::string& dest() const { return link ? link->dest : kNoLink; }
  const std::string& contents() const { return link ? link->contents : kNoLink; }
};

/// A structure element that holds several blocks, for tagging: a list, one of its items, a block
/// quote, a crisis box. `id` tells apart two groups of the same kind.
struct Group {
  enum class Kind : std::uint8_t { List, ListItem, BlockQuote, CrisisBox } kind = Kind::List;
  std::uint32_t id = 0;
  bool operator==(const Group&) const = default;
};

/// What a placed block is (its own role: heading, paragraph, code) and the groups around it,
/// outermost first. The PDF writer builds its structure tree from these.
struct BlockTag {
  Role role = Role::Paragraph;
  std::vector<Group> groups;
};

/// Where a page begins in the manuscript, so the EPUB can mark the same place. `node` is the
/// doc::Node (a block, or a text node inside one) of the resolved book this PageSet was laid out
/// from; `offset` is a byte offset into a text node's text (0 for a block: the mark goes before it).
struct PageStart {
  enum class Where : std::uint8_t { Chapter, Title, CrisisBack } where = Where::Chapter;
  std::size_t page = 0;  ///< from 0
  const void* node = nullptr;
  std::size_t offset = 0;
  bool inside = false;   ///< true: inside the text node at `offset`; false: before the block `node`
};

/// A heading's place, for the outline and internal links.
struct Anchor {
  std::string id;
  std::string title;
  int level = 1;
  std::size_t page = 0;
  double y = 0;
};

struct Page {
  std::vector<Placed> items;
};

struct PageSet {
  double width = 595.276, height = 841.89;  ///< A4 by default
  std::vector<Page> pages;              ///< empty in a Layout's plan (pages are emitted one by one)
  std::size_t page_count = 0;
  std::vector<Anchor> anchors;
  std::vector<BlockTag> blocks;         ///< indexed by Placed::block - 1
  std::vector<PageStart> page_starts;   ///< pages that begin in the manuscript's chapters, in order
  std::string title, author, subject, language, date;  ///< document information
};

/// `--dump=pages`: one line per placed item, positions rounded to 0.01 pt.
std::string dump_pages(const PageSet& pages);

}  // namespace bindery::layout
