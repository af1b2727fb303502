// Heading ids written as `{#id}` at the end of a heading (pandoc and Quarto syntax). Parse stage.
#pragma once
#include "doc/node.hpp"

namespace bindery::parse {

/// Reads a trailing `{#id}` from the heading's raw source line (cmark's smart punctuation would
/// have turned `--` into a dash) and removes it from the heading's text.
void take_heading_id(doc::Node& heading, std::uint32_t file, const diag::SourceFiles& files, diag::Diagnostics& diags);

/// Whether an id can be carried by XHTML and stays readable: a letter, then letters, digits, `-`, `_`.
bool is_valid_id(std::string_view id);

}  // namespace bindery::parse
