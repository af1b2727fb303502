// Page-break marks from the printed handout (epub stage): where each PDF page begins, keyed by
// the document node it begins in, and the marks actually written, for the page-list nav.
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "layout/page_set.hpp"

namespace bindery::epub {

/// The print edition the marks come from: its page count, paper, and where its pages begin.
struct PrintPages {
  std::size_t count = 0;
  std::string paper;  ///< "A4" or "US Letter", named in the package metadata
  std::vector<layout::PageStart> starts;
};

struct PageMark {
  std::size_t page = 0;   ///< from 1, as printed
  std::size_t offset = 0; ///< byte offset in a text node
  bool inside = false;    ///< inside a text node (else before the block)
};

/// Marks to write while one XHTML file is built, and what was written.
struct PageMarkSink {
  const std::unordered_map<const void*, std::vector<PageMark>>* at = nullptr;
  std::vector<std::size_t> written;  ///< pages marked in this file, in order

  /// The marks for a node (empty if none).
  const std::vector<PageMark>* find(const void* node) const;
  /// Appends a page-break mark to `parent` (or inserts it before `before`).
  void mark(pugi::xml_node parent, std::size_t page, pugi::xml_node before = {});
};

/// The id of a page's mark, "page-4".
std::string page_id(std::size_t page);

/// Indexes the print pages that begin in chapters by their node.
std::unordered_map<const void*, std::vector<PageMark>> index_marks(const PrintPages& print);

}  // namespace bindery::epub
