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
  // Attributes after the id, pandoc style: {#scn-repair see="prc-a prc-b"}.
  std::string attrs;
  if (const auto space = id.find_first_of(" \t"); space != std::string::npos && id.find('=') != std::string::npos) {
    attrs = id.substr(space);
    id.erase(space);
  }

  text->text.erase(open);
  while (!text->text.empty() && (text->text.back() == ' ' || text->text.back() == '\t')) text->text.pop_back();
  if (text->text.empty() && !heading.children.empty() && &heading.children.back() == text) heading.children.pop_back();
  if (!is_valid_id(id)) {
    diags.error(diag::Kind::InvalidId, at,
                "heading id `" + id + "` cannot be used; start with a letter and use only letters, digits, `-` and `_`");
    return;
  }
  heading.extra().id = id;
  heading.explicit_id = true;
  const std::size_t attrs_col = src_open + 2 + id.size();  // 0-based byte offset of `attrs` in the line
  for (std::size_t i = 0; i < attrs.size();) {
    while (i < attrs.size() && (attrs[i] == ' ' || attrs[i] == '\t')) ++i;
    if (i >= attrs.size()) break;
    const std::size_t key_start = i;
    while (i < attrs.size() && attrs[i] != '=' && attrs[i] != ' ') ++i;
    const std::string key = attrs.substr(key_start, i - key_start);
    std::string value;
    std::size_t value_start = i;
    if (i < attrs.size() && attrs[i] == '=') {
      ++i;
      const char quote = i < attrs.size() && (attrs[i] == '"' || attrs[i] == '\'') ? attrs[i] : 0;
      if (quote) ++i;
      value_start = i;
      while (i < attrs.size() && (quote ? attrs[i] != quote : attrs[i] != ' ')) ++i;
      value = attrs.substr(value_start, i - value_start);
      if (quote && i < attrs.size()) ++i;
    }
    const diag::SourcePos key_pos{file, text->pos.line, static_cast<std::uint32_t>(attrs_col + key_start + 1)};
    if (key != "see") {
      diags.error(diag::Kind::UnknownKey, key_pos,
                  "unknown heading attribute `" + key + "`; Bindery knows `see=\"id id\"` (numbered items this one relates to)");
      continue;
    }
    // Each id in `see`, with its own column for precise diagnostics.
    for (std::size_t j = 0; j < value.size();) {
      while (j < value.size() && value[j] == ' ') ++j;
      const std::size_t start = j;
      while (j < value.size() && value[j] != ' ') ++j;
      if (j > start)
        heading.extra().see.push_back({value.substr(start, j - start),
                               {file, text->pos.line, static_cast<std::uint32_t>(attrs_col + value_start + start + 1)}});
    }
  }
}

}  // namespace bindery::parse
