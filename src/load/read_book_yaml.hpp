// Reading book.yaml and front matter into typed configuration (load stage).
#pragma once
#include <string>
#include <vector>

#include "load/manuscript.hpp"
#include "load/yaml_reader.hpp"

namespace bindery::load {

struct ChapterEntry {
  std::string path;
  std::string type = "chapter";
  bool backmatter = false;
  diag::SourcePos pos;
};

struct BookConfig {
  BookMeta meta;
  std::vector<ChapterEntry> chapters;
  std::vector<NumberedKind> kinds;
  std::string crisis_lines;
  diag::SourcePos crisis_lines_pos;
  std::string stylesheet;
  diag::SourcePos stylesheet_pos;
  std::string handout_style;
  diag::SourcePos handout_style_pos;
};

BookConfig read_book_yaml(const std::string& text, std::uint32_t file, diag::Diagnostics& diags);
/// Checks the language tag and date of metadata read from `map`.
void check_meta(const YamlReader& yr, const YAML::Node& map, BookMeta& meta, const char* lang_key);
/// Reads a single file's front matter (title, subtitle, author, lang, date, identifier).
void read_front_matter_meta(const std::string& yaml, std::uint32_t file, std::uint32_t first_line, BookMeta& meta,
                            diag::Diagnostics& diags);

}  // namespace bindery::load
