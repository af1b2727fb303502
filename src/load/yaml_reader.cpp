// Typed YAML reading with positions (load stage).
#include "load/yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "text/utf8.hpp"

namespace bindery::load {

std::optional<YAML::Node> YamlReader::parse(const std::string& text) const {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diag::SourcePos p{file_, static_cast<std::uint32_t>(e.mark.line + 1) + line_offset_,
                      static_cast<std::uint32_t>(e.mark.column + 1)};
    if (e.mark.is_null()) p = file_pos();
    diags_.error(diag::Kind::YamlSyntax, p, "invalid YAML: " + e.msg);
    return std::nullopt;
  }
}

diag::SourcePos YamlReader::pos(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return file_pos();
  return {file_, static_cast<std::uint32_t>(m.line + 1) + line_offset_, static_cast<std::uint32_t>(m.column + 1)};
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view what) const {
  if (node.IsMap()) return true;
  diags_.error(diag::Kind::InvalidValue, pos(node), std::string(what) + " must be a map of `key: value` lines");
  return false;
}

void YamlReader::check_keys(const YAML::Node& map, std::initializer_list<std::string_view> known, bool lenient) const {
  std::vector<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      diags_.error(diag::Kind::DuplicateKey, pos(it->first), "key `" + key + "` is given twice; keep one");
      continue;
    }
    seen.push_back(key);
    bool ok = false;
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only near misses
    for (std::string_view k : known) {
      if (k == key) ok = true;
      std::size_t d = text::edit_distance(k, key);
      if (d < best_distance) {
        best_distance = d;
        best = k;
      }
    }
    if (ok) continue;
    if (lenient && best.empty()) {
      diags_.warning(diag::Kind::UnknownKey, pos(it->first), "front matter key `" + key + "` is not used by Bindery; it is ignored");
      continue;
    }
    std::string msg = "unknown key `" + key + "`";
    if (!best.empty()) msg += "; did you mean `" + std::string(best) + "`?";
    else {
      msg += "; known keys are";
      bool first = true;
      for (std::string_view k : known) {
        msg += first ? " `" : ", `";
        msg += k;
        msg += '`';
        first = false;
      }
    }
    diags_.error(diag::Kind::UnknownKey, pos(it->first), msg);
  }
}

std::string YamlReader::text(const YAML::Node& map, const char* key, bool required, diag::SourcePos map_pos) const {
  const YAML::Node v = map[key];
  if (!v || v.IsNull()) {
    if (required) diags_.error(diag::Kind::MissingKey, map_pos, std::string("missing required key `") + key + "`");
    return {};
  }
  if (!v.IsScalar()) {
    diags_.error(diag::Kind::InvalidValue, pos(v), std::string("`") + key + "` must be a single value");
    return {};
  }
  std::string s = v.Scalar();
  if (required && s.empty()) diags_.error(diag::Kind::MissingKey, pos(v), std::string("`") + key + "` is empty");
  return s;
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int y = std::stoi(std::string(s.substr(0, 4)));
  int m = std::stoi(std::string(s.substr(5, 2)));
  int d = std::stoi(std::string(s.substr(8, 2)));
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

bool is_language_tag(std::string_view s) {
  // language (2-3 letters), then subtags of 1-8 letters or digits.
  std::size_t i = 0;
  std::size_t n = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i, ++n;
  if (n < 2 || n > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    ++i;
    n = 0;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i, ++n;
    if (n < 1 || n > 8) return false;
  }
  return true;
}

}  // namespace bindery::load
