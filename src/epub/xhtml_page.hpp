// A blank XHTML5 page for the EPUB (declaration, doctype, namespaces, lang, title, stylesheet).
#pragma once
#include <string>

#include <pugixml.hpp>

namespace bindery::epub {

struct XhtmlPage {
  pugi::xml_document doc;
  pugi::xml_node body;
};

/// Starts a page. `css` is the stylesheet's href relative to the page.
void start_page(XhtmlPage& page, const std::string& lang, const std::string& title, const std::string& css);
/// Starts an XML document with `<?xml version="1.0" encoding="UTF-8"?>` (Kindle wants the encoding).
void add_declaration(pugi::xml_document& doc);
/// Serialises a page (or any document): raw for XHTML (no whitespace inside mixed content).
std::string save_xml(const pugi::xml_document& doc, bool indent);
/// Adds a child element with text.
pugi::xml_node add_text_element(pugi::xml_node parent, const char* name, const std::string& text);

}  // namespace bindery::epub
