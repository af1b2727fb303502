// The document model: our own tree, built from cmark by the parse stage. Every node keeps its
// file:line:col so later stages can report precise diagnostics.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "diag/diagnostics.hpp"

namespace bindery::doc {

enum class NodeType {
  // Blocks
  Heading,        ///< level, id, inline children
  Paragraph,
  BlockQuote,
  List,           ///< ordered, start, tight; children are Items
  Item,
  CodeBlock,      ///< text = literal, info = fence info
  ThematicBreak,
  Element,        ///< sanitised raw HTML element: tag, attrs, children
  // Inlines
  Text,
  Code,
  Emph,
  Strong,
  Link,           ///< url, title
  Image,          ///< url, title, alt text in children
  SoftBreak,
  LineBreak,
  Ref,            ///< cross-reference `@id` (text = id; short = number only)
  RawHtml,        ///< parse-internal: raw HTML before sanitising (never leaves the parse stage)
};

struct Node {
  NodeType type = NodeType::Text;
  diag::SourcePos pos;
  std::string text;   ///< Text/Code/CodeBlock literal, Element tag, Ref id, RawHtml literal
  std::string url;    ///< Link/Image destination, as written (decoded by cmark)
  std::string title;  ///< Link/Image title
  std::string info;   ///< CodeBlock info string
  std::string id;     ///< Heading id (explicit `{#id}` or generated)
  int level = 0;      ///< Heading level
  int start = 1;      ///< List start number
  bool ordered = false;
  bool tight = false;
  bool explicit_id = false;  ///< Heading id written by the author
  bool short_form = false;   ///< Ref: `-@id`, number only
  bool block = false;        ///< RawHtml: an HTML block rather than inline HTML
  std::vector<std::pair<std::string, std::string>> attrs;  ///< Element attributes (allow-listed)
  std::vector<Node> children;
};

/// One chapter file, parsed.
struct Chapter {
  std::uint32_t file = 0;
  std::string path;   ///< relative to the manuscript root
  std::string type;   ///< EPUB structural semantics
  bool backmatter = false;
  std::vector<Node> blocks;
};

struct Book {
  std::vector<Chapter> chapters;
};

/// Plain text of a subtree (for titles, alt text, ids).
std::string plain_text(const Node& node);
std::string plain_text(const std::vector<Node>& nodes);

/// A stable, indented text dump of the model (`--dump=doc`), for golden tests.
std::string dump_book(const Book& book, const diag::SourceFiles& files);

}  // namespace bindery::doc
