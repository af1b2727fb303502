// The parse stage: Markdown (cmark) into the document model, with positions, sanitised raw HTML
// and cross-reference nodes. Only this stage includes cmark.
#pragma once
#include "doc/node.hpp"
#include "load/manuscript.hpp"

namespace bindery::parse {

/// Parses every chapter of the manuscript in reading order.
doc::Book parse_book(const load::Manuscript& manuscript, const diag::SourceFiles& files, diag::Diagnostics& diags);

/// Parses one Markdown text. `ref_prefixes` are the numbered kinds' id prefixes (`scn`, ...):
/// `@scn-x` in text becomes a Ref node. The text must be valid UTF-8 without NUL, as the load
/// stage's normalise_text makes it: cmark does not check it again.
std::vector<doc::Node> parse_markdown(const std::string& markdown, std::uint32_t file,
                                      const std::vector<std::string>& ref_prefixes, const diag::SourceFiles& files,
                                      diag::Diagnostics& diags);

/// Containers nested deeper than this are flattened (with a warning) so no later stage, and no
/// e-reader, has to follow thousands of levels.
inline constexpr int kMaxBlockDepth = 48;
inline constexpr int kMaxInlineDepth = 24;

}  // namespace bindery::parse
