// Explicit heading ids from the source text (parse stage).
#include "parse/heading_id.hpp"

#include <cctype>

namespace bindery::parse {
namespace {

// The last text node in document order under `node`, or nullptr.
doc::Node* last_text(doc::Node& node) {
  doc::Node* n = &node;
  while (!n->children.empty()) n = &n->children.back();
  return n->type == doc::NodeType::Text ? n : nullptr;
}

}  // namespace

bool is_valid_id(std::string_view id) {
  if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0]))) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

void take_heading_id(doc::Node& heading, std::uint32_t file, const diag::SourceFiles& files, diag::Diagnostics& diags) {
  doc::Node* text = last_text(heading);
  if (!text) return;
  std::string_view lit = text->text;
  while (!lit.empty() && (lit.back() == ' ' || lit.back() == '\t')) lit.remove_suffix(1);
  if (lit.empty() || lit.back() != '}') return;
  const std::size_t open = lit.rfind("{#");
  if (open == std::string_view::npos) return;

  // The same attribute in the raw source line: the last `{#` on the heading's (last text) line.
  std::string_view line = files.line(file, text->pos.line);
  std::size_t src_open = line.rfind("{#");
  std::size_t src_close = src_open == std::string_view::npos ? std::string_view::npos : line.find('}', src_open);
  if (src_open == std::string_view::npos || src_close == std::string_view::npos) return;
  std::string id(line.substr(src_open + 2, src_close - src_open - 2));
  const diag::SourcePos at{file, text->pos.line, static_cast<std::uint32_t>(src_open + 1)};

  text->text.erase(open);
  while (!text->text.empty() && (text->text.back() == ' ' || text->text.back() == '\t')) text->text.pop_back();
  if (text->text.empty() && !heading.children.empty() && &heading.children.back() == text) heading.children.pop_back();
  if (!is_valid_id(id)) {
    diags.error(diag::Kind::InvalidId, at,
                "heading id `" + id + "` cannot be used; start with a letter and use only letters, digits, `-` and `_`");
    return;
  }
  heading.id = id;
  heading.explicit_id = true;
}

}  // namespace bindery::parse
