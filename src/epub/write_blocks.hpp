// Document-model nodes into XHTML elements (epub stage).
#pragma once
#include <pugixml.hpp>

#include "doc/node.hpp"
#include "epub/page_marks.hpp"

namespace bindery::epub {

/// Writes blocks under `parent`. Heading levels are made consecutive within a page (a chapter
/// that jumps from h1 to h4 gets h2), as assistive technology expects; `last_level` carries the
/// state between calls. `marks`, when given, places the printed edition's page breaks.
void write_blocks(pugi::xml_node parent, const std::vector<doc::Node>& blocks, int& last_level,
                  PageMarkSink* marks = nullptr);

}  // namespace bindery::epub
