// Front matter: the pandoc convention of a YAML block fenced by `---` at the top of a file (load).
#include "load/front_matter.hpp"

#include <cctype>
#include <string_view>

namespace bindery::load {
namespace {

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<FrontMatter> split_front_matter(std::string& text, std::uint32_t file, diag::Diagnostics& diags) {
  std::size_t first_end = text.find('\n');
  if (first_end == std::string::npos || trim_right(std::string_view(text).substr(0, first_end)) != "---") {
    return std::nullopt;
  }
  // `---` then a blank line is a thematic break in CommonMark, not front matter (as in pandoc).
  std::size_t second_end = text.find('\n', first_end + 1);
  std::string_view second = std::string_view(text).substr(
      first_end + 1, (second_end == std::string::npos ? text.size() : second_end) - first_end - 1);
  if (trim_right(second).empty()) return std::nullopt;
  // Front matter starts with `key:` (or a YAML comment); `---` then `Foo` then `---` is a thematic
  // break and a setext heading in CommonMark.
  std::size_t k = 0;
  while (k < second.size() && (std::isalnum(static_cast<unsigned char>(second[k])) || second[k] == '_' || second[k] == '-')) ++k;
  const bool looks_like_key = k > 0 && k < second.size() && second[k] == ':';
  if (!looks_like_key && second[0] != '#') return std::nullopt;

  std::size_t pos = first_end + 1;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line = trim_right(std::string_view(text).substr(pos, end - pos));
    if (line == "---" || line == "...") {
      FrontMatter fm;
      fm.yaml = text.substr(first_end + 1, pos - first_end - 1);
      // Blank the fence and YAML lines, keeping every newline so line numbers are unchanged.
      for (std::size_t i = 0; i < std::min(end, text.size()); ++i) {
        if (text[i] != '\n') text[i] = ' ';
      }
      return fm;
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  diags.report(diag::Kind::UnclosedFrontMatter, {file, 1, 1},
               "front matter opened with `---` is never closed; add a `---` line after it (the file is read as "
               "plain Markdown)");
  return std::nullopt;
}

}  // namespace bindery::load
