// The resolve stage's output: the document with every id, link, image and cross-reference
// settled, plus what the writers need to know about each chapter file.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "doc/node.hpp"
#include "load/manuscript.hpp"

namespace bindery::resolve {

struct TocEntry {
  std::string title;
  std::string href;  ///< relative to the EPUB content folder, e.g. "text/03-how.xhtml#scn-repair"
  int level = 1;     ///< 1 = chapter, 2 = section
};

struct ChapterOut {
  std::string xhtml;   ///< file name inside the text folder, e.g. "03-how-it-shows-up.xhtml"
  std::string title;
  std::vector<TocEntry> toc;
};

/// A numbered heading (Scenario 3, Practice 2, ...).
struct NumberedItem {
  std::string id;
  std::string prefix;
  std::string kind_label;
  int number = 0;
  std::string title;
  std::string href;
  diag::SourcePos pos;
  std::vector<std::string> referenced_by;  ///< ids of numbered items that reference this one, in reading order
  std::vector<std::string> references;     ///< ids this item's section references, in reading order
};

struct ResolvedBook {
  const load::Manuscript* manuscript = nullptr;
  doc::Book book;                    ///< links rewritten to final hrefs, refs turned into links
  std::vector<ChapterOut> chapters;  ///< parallel to book.chapters
  std::vector<load::Asset> images;   ///< read from inside the manuscript root
  std::vector<NumberedItem> numbered;
  bool images_all_have_alt = true;
};

/// Resolves ids, links, images and cross-references across the whole book.
ResolvedBook resolve_book(doc::Book book, const load::Manuscript& manuscript, const diag::SourceFiles& files,
                          diag::Diagnostics& diags);

/// `--dump=resolved`: chapters, headings, numbered items, links and images after resolution.
std::string dump_resolved(const ResolvedBook& book);

}  // namespace bindery::resolve
