// Page-break marks (epub stage): an empty span per printed page, with the EPUB and DPUB-ARIA
// semantics and the number as its accessible name, so "page 4" is the same place on paper and
// on an e-reader.
#include "epub/page_marks.hpp"

#include <algorithm>

namespace bindery::epub {

std::string page_id(std::size_t page) { return "page-" + std::to_string(page); }

const std::vector<PageMark>* PageMarkSink::find(const void* node) const {
  if (!at) return nullptr;
  auto it = at->find(node);
  return it == at->end() ? nullptr : &it->second;
}

void PageMarkSink::mark(pugi::xml_node parent, std::size_t page, pugi::xml_node before) {
  // A page is marked once, whatever path reaches it (ids must be unique).
  if (std::find(written.begin(), written.end(), page) != written.end()) return;
  pugi::xml_node span = before ? parent.insert_child_before("span", before) : parent.append_child("span");
  span.append_attribute("epub:type") = "pagebreak";
  span.append_attribute("role") = "doc-pagebreak";
  span.append_attribute("id") = page_id(page).c_str();
  span.append_attribute("aria-label") = std::to_string(page).c_str();
  written.push_back(page);
}

std::unordered_map<const void*, std::vector<PageMark>> index_marks(const PrintPages& print) {
  std::unordered_map<const void*, std::vector<PageMark>> out;
  for (const auto& s : print.starts)
    if (s.where == layout::PageStart::Where::Chapter && s.node)
      out[s.node].push_back({s.page + 1, s.offset, s.inside});
  for (auto& [node, marks] : out)
    std::sort(marks.begin(), marks.end(), [](const PageMark& a, const PageMark& b) { return a.offset < b.offset; });
  return out;
}

}  // namespace bindery::epub
