// The pages Bindery generates around the chapters: cover, title page, crisis lines (epub stage).
#pragma once
#include <string>

#include <pugixml.hpp>

#include "epub/page_marks.hpp"
#include "load/manuscript.hpp"

namespace bindery::epub {

std::string write_cover(const load::Manuscript& m);
/// The title page; `pages` are the printed pages that begin here (page 1), marked in `marks`.
std::string write_title_page(const load::Manuscript& m, PageMarkSink* marks = nullptr, const std::vector<std::size_t>& pages = {});
/// The crisis-lines page; `id` is the heading's id ("crisis-front" or "crisis-back"); `pages` as above.
std::string write_crisis_page(const load::Manuscript& m, const std::string& id, PageMarkSink* marks = nullptr,
                              const std::vector<std::size_t>& pages = {});
/// Every crisis line as a list of tappable links (tel:, sms:, https:).
void write_crisis_list(pugi::xml_node parent, const load::CrisisLines& c, const char* cls);

}  // namespace bindery::epub
