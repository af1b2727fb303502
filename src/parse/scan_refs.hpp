// Cross-references in running text: `@scn-repair` (label, number and title) and `-@scn-repair`
// (label and number). Parse stage.
#pragma once
#include <string>
#include <vector>

#include "doc/node.hpp"

namespace bindery::parse {

/// Appends `text` to `out`, split into Text and Ref nodes wherever `@prefix-name` appears (not
/// inside a word, so e-mail addresses are left alone).
void append_text_with_refs(std::vector<doc::Node>& out, doc::Node text, const std::vector<std::string>& prefixes,
                           const diag::SourceFiles& files);

}  // namespace bindery::parse
