// XHTML page skeletons and serialisation (epub stage).
#include "epub/xhtml_page.hpp"

#include <sstream>

namespace bindery::epub {

void add_declaration(pugi::xml_document& doc) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
}

void start_page(XhtmlPage& page, const std::string& lang, const std::string& title, const std::string& css) {
  add_declaration(page.doc);
  page.doc.append_child(pugi::node_doctype).set_value("html");
  auto html = page.doc.append_child("html");
  html.append_attribute("xmlns") = "http://www.w3.org/1999/xhtml";
  html.append_attribute("xmlns:epub") = "http://www.idpf.org/2007/ops";
  html.append_attribute("lang") = lang.c_str();
  html.append_attribute("xml:lang") = lang.c_str();
  auto head = html.append_child("head");
  auto meta = head.append_child("meta");
  meta.append_attribute("charset") = "UTF-8";
  add_text_element(head, "title", title);
  if (!css.empty()) {
    auto link = head.append_child("link");
    link.append_attribute("rel") = "stylesheet";
    link.append_attribute("type") = "text/css";
    link.append_attribute("href") = css.c_str();
  }
  page.body = html.append_child("body");
}

std::string save_xml(const pugi::xml_document& doc, bool indent) {
  std::ostringstream out;
  doc.save(out, "  ", indent ? pugi::format_indent : pugi::format_raw, pugi::encoding_utf8);
  std::string s = std::move(out).str();
  if (!indent) {
    // Line breaks after the prolog only, for readable files; none inside content.
    auto pos = s.find("?>");
    if (pos != std::string::npos) s.insert(pos + 2, "\n");
    pos = s.find("<!DOCTYPE html>");
    if (pos != std::string::npos) s.insert(pos + 15, "\n");
    s += '\n';
  }
  return s;
}

pugi::xml_node add_text_element(pugi::xml_node parent, const char* name, const std::string& text) {
  auto n = parent.append_child(name);
  n.append_child(pugi::node_pcdata).set_value(text.c_str());
  return n;
}

}  // namespace bindery::epub
