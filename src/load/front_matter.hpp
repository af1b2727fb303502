// Splitting YAML front matter off a Markdown file, keeping line numbers intact (load stage).
#pragma once
#include <optional>
#include <string>

#include "diag/diagnostics.hpp"

namespace bindery::load {

struct FrontMatter {
  std::string yaml;             ///< the lines between the fences
  std::uint32_t first_line = 2;  ///< line of the first YAML line in the file
};

/// If the text opens with a `---` line followed by a non-blank line and a closing `---` or `...`
/// line, returns the YAML and blanks those lines in `text` (so Markdown positions stay true).
/// An opening fence that never closes is reported and the text is left as Markdown.
std::optional<FrontMatter> split_front_matter(std::string& text, std::uint32_t file, diag::Diagnostics& diags);

}  // namespace bindery::load
