// The parts of an EPUB package, each written by its own file (epub stage).
#pragma once
#include <string>
#include <vector>

#include "epub/page_marks.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::epub {

/// A file of the spine in reading order.
struct SpineItem {
  std::string id;      ///< manifest id
  std::string href;    ///< relative to the content folder
  std::string title;
  bool linear = true;
};

/// The printed pages' marks as written: page number and href, in reading order.
using PageList = std::vector<std::pair<std::size_t, std::string>>;

std::string role_for_type(const std::string& type);
std::string write_chapter(const resolve::ResolvedBook& book, std::size_t index, PageMarkSink* marks = nullptr);
/// `pages` (empty when there is no print edition) becomes the page-list nav.
std::string write_nav(const resolve::ResolvedBook& book, const PageList& pages);
std::string write_ncx(const resolve::ResolvedBook& book, const PageList& pages);
/// `print` (null without a print edition) names the page source.
std::string write_package(const resolve::ResolvedBook& book, const std::vector<SpineItem>& spine, const PrintPages* print);
/// The crisis pages' titles and hrefs as they appear in the contents.
inline const char* kCrisisFront = "text/crisis-front.xhtml";
inline const char* kCrisisBack = "text/crisis-back.xhtml";

}  // namespace bindery::epub
