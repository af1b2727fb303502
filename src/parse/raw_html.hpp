// Raw HTML in Markdown, turned into well-formed, allow-listed elements of the document model
// (never passed through as text). Parse stage.
#pragma once
#include <string>
#include <vector>

#include "doc/node.hpp"

namespace bindery::parse {

/// Rebuilds a container's children so that RawHtml nodes (one per tag for inline HTML, whole
/// blocks for HTML blocks) become nested Element, Link and Image nodes. Disallowed elements
/// (script, iframe, object, embed, ...) are removed with their content; unknown tags are dropped
/// and their text kept; `on*` attributes are removed; mismatched tags are repaired. Each repair is
/// reported as a warning at the tag's position.
void nest_raw_html(std::vector<doc::Node>& children, bool inline_ctx, diag::Diagnostics& diags);

/// Decodes HTML character references in raw HTML text (numeric and the common named ones).
std::string decode_entities(std::string_view s, diag::SourcePos pos, diag::Diagnostics& diags);

}  // namespace bindery::parse
