// Typed reading of YAML maps with positions: unknown keys, missing keys and wrong types become
// diagnostics at their line (mdBook's deny_unknown_fields). Load stage.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "diag/diagnostics.hpp"

namespace bindery::load {

class YamlReader {
 public:
  /// `line_offset` is added to yaml-cpp's lines (front matter starts after its `---` line).
  YamlReader(std::uint32_t file, std::uint32_t line_offset, diag::Diagnostics& diags)
      : file_(file), line_offset_(line_offset), diags_(diags) {}

  /// Parses a document; reports YamlSyntax and returns nothing on failure.
  std::optional<YAML::Node> parse(const std::string& text) const;
  diag::SourcePos pos(const YAML::Node& node) const;
  diag::SourcePos file_pos() const { return {file_, line_offset_ > 0 ? line_offset_ : 1, 1}; }

  /// Requires a map; reports InvalidValue otherwise.
  bool expect_map(const YAML::Node& node, std::string_view what) const;
  /// Reports every key not in `known`, with a suggestion for near misses.
  /// With `lenient`, a key that is not a near miss of a known key is only a warning (it is
  /// ignored): front matter often carries other tools' metadata. Near misses stay errors.
  void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> known, bool lenient = false) const;
  /// A scalar value; "" when absent (reporting MissingKey if required) or not a scalar.
  std::string text(const YAML::Node& map, const char* key, bool required, diag::SourcePos map_pos) const;
  diag::Diagnostics& diags() const { return diags_; }

 private:
  std::uint32_t file_;
  std::uint32_t line_offset_;
  diag::Diagnostics& diags_;
};

/// Checks a YYYY-MM-DD date with a real month and day.
bool is_iso_date(std::string_view s);
/// Checks a BCP 47 language tag shape such as en, en-GB, pt-BR, zh-Hant.
bool is_language_tag(std::string_view s);

}  // namespace bindery::load
