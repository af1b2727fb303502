// The EPUB writer: a resolved book into EPUB 3 bytes (XHTML with pugixml, OPF, nav, NCX) and the
// zip container (libzip). Only this stage includes pugixml and libzip.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "epub/page_marks.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::epub {

/// One file of the package, in the order it goes into the zip.
struct Entry {
  std::string name;
  std::string bytes;
  bool compress = true;
};

/// Lays out every file of the EPUB (mimetype first). With `print`, the printed handout's pages are
/// marked where they begin and listed in a page-list nav.
std::vector<Entry> build_epub(const resolve::ResolvedBook& book, const PrintPages* print = nullptr);

/// Makes the OCF zip of the entries in memory, with every timestamp taken from `modified`
/// (YYYY-MM-DDThh:mm:ssZ). Takes the entries by value: each one's text is freed as soon as it is
/// compressed. Returns "" or an error message.
std::string zip_bytes(std::vector<Entry> entries, const std::string& modified, std::string& bytes);

}  // namespace bindery::epub
