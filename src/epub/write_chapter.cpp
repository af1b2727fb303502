// One XHTML file per chapter, wrapped in a section with its structural semantics (epub stage).
#include <map>

#include "epub/write_blocks.hpp"
#include "epub/write_parts.hpp"
#include "epub/xhtml_page.hpp"

namespace bindery::epub {

std::string role_for_type(const std::string& type) {
  // EPUB structural semantics and their DPUB-ARIA roles (Ace: epub-type-has-matching-role).
  static const std::map<std::string, std::string> roles = {
      {"chapter", "doc-chapter"},         {"introduction", "doc-introduction"}, {"preface", "doc-preface"},
      {"foreword", "doc-foreword"},       {"prologue", "doc-prologue"},         {"epilogue", "doc-epilogue"},
      {"conclusion", "doc-conclusion"},   {"afterword", "doc-afterword"},       {"appendix", "doc-appendix"},
      {"bibliography", "doc-bibliography"}, {"glossary", "doc-glossary"},     {"acknowledgments", "doc-acknowledgments"},
      {"notice", "doc-notice"},           {"qna", "doc-qna"}};
  auto it = roles.find(type);
  return it == roles.end() ? "doc-chapter" : it->second;
}

std::string write_chapter(const resolve::ResolvedBook& book, std::size_t index, PageMarkSink* marks) {
  const auto& ch = book.book.chapters[index];
  const auto& out = book.chapters[index];
  XhtmlPage page;
  start_page(page, book.manuscript->meta.language, out.title, "../css/epub.css");
  auto section = page.body.append_child("section");
  section.append_attribute("epub:type") = ch.type.c_str();
  section.append_attribute("role") = role_for_type(ch.type).c_str();
  for (const auto& b : ch.blocks) {
    if (b.type == doc::NodeType::Heading && !doc::plain_text(b).empty()) {
      section.append_attribute("aria-labelledby") = b.id().c_str();
      break;
    }
  }
  if (!section.attribute("aria-labelledby")) section.append_attribute("aria-label") = out.title.c_str();
  int last_level = 0;
  write_blocks(section, ch.blocks, last_level, marks);
  return save_xml(page.doc, false);
}

}  // namespace bindery::epub
