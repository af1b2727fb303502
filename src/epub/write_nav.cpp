// Navigation: nav.xhtml (toc and landmarks, EPUB 3.3 §7) and toc.ncx for older readers (epub stage).
#include <algorithm>

#include "epub/write_parts.hpp"
#include "epub/xhtml_page.hpp"

namespace bindery::epub {
namespace {

struct Entry {
  std::string title;
  std::string href;
  std::vector<Entry> children;
};

// The contents as a two-level tree: crisis lines first and last, chapters with their sections.
std::vector<Entry> contents(const resolve::ResolvedBook& book) {
  std::vector<Entry> out;
  const auto& crisis = book.manuscript->crisis.heading;
  out.push_back({crisis, std::string(kCrisisFront) + "#crisis-front", {}});
  for (const auto& ch : book.chapters) {
    for (const auto& e : ch.toc) {
      if (e.level == 1 || out.size() == 1) out.push_back({e.title, e.href, {}});
      else out.back().children.push_back({e.title, e.href, {}});
    }
  }
  out.push_back({crisis, std::string(kCrisisBack) + "#crisis-back", {}});
  return out;
}

void add_ol(pugi::xml_node parent, const std::vector<Entry>& entries) {
  auto ol = parent.append_child("ol");
  for (const auto& e : entries) {
    auto li = ol.append_child("li");
    auto a = add_text_element(li, "a", e.title);
    a.append_attribute("href") = e.href.c_str();
    if (!e.children.empty()) add_ol(li, e.children);
  }
}

// A nav section of nav.xhtml: its epub:type, ARIA role (when it has one), id, and a heading that
// labels it. Hidden sections (landmarks, page list) are for reading systems, not the reader.
pugi::xml_node add_nav(pugi::xml_node body, const char* type, const char* role, const std::string& id, const char* heading_tag,
                       const std::string& heading, bool hidden) {
  auto nav = body.append_child("nav");
  nav.append_attribute("epub:type") = type;
  if (role) nav.append_attribute("role") = role;
  nav.append_attribute("id") = id.c_str();
  nav.append_attribute("aria-labelledby") = (id + "-title").c_str();
  if (hidden) nav.append_attribute("hidden") = "hidden";
  add_text_element(nav, heading_tag, heading).append_attribute("id") = (id + "-title").c_str();
  return nav;
}

}  // namespace

std::string write_nav(const resolve::ResolvedBook& book, const PageList& pages) {
  const auto& m = *book.manuscript;
  XhtmlPage page;
  start_page(page, m.meta.language, "Contents", "css/epub.css");
  auto toc = add_nav(page.body, "toc", "doc-toc", "toc", "h1", "Contents", false);
  add_ol(toc, contents(book));

  auto landmarks = add_nav(page.body, "landmarks", nullptr, "landmarks", "h2", "Landmarks", true);
  auto ol = landmarks.append_child("ol");
  auto mark = [&](const char* type, const std::string& href, const std::string& title) {
    auto a = add_text_element(ol.append_child("li"), "a", title);
    a.append_attribute("epub:type") = type;
    a.append_attribute("href") = href.c_str();
  };
  mark("cover", "text/cover.xhtml", "Cover");
  mark("titlepage", "text/title.xhtml", "Title page");
  mark("toc", "nav.xhtml#toc", "Contents");
  auto first_body = std::find_if(book.book.chapters.begin(), book.book.chapters.end(), [](const doc::Chapter& c) { return !c.backmatter; });
  if (first_body != book.book.chapters.end())
    mark("bodymatter", "text/" + book.chapters[static_cast<std::size_t>(first_body - book.book.chapters.begin())].xhtml, "Start reading");
  auto first_back = std::find_if(book.book.chapters.begin(), book.book.chapters.end(), [](const doc::Chapter& c) { return c.backmatter; });
  if (first_back != book.book.chapters.end())
    mark("backmatter", "text/" + book.chapters[static_cast<std::size_t>(first_back - book.book.chapters.begin())].xhtml, "Back matter");
  else
    mark("backmatter", kCrisisBack, m.crisis.heading);

  if (!pages.empty()) {
    // The printed handout's pages (EPUB 3.3 §7.4.3), so a reader can go to the page a therapist names.
    auto list = add_nav(page.body, "page-list", "doc-pagelist", "page-list", "h2", "Pages of the printed handout", true);
    auto pol = list.append_child("ol");
    for (const auto& [number, href] : pages)
      add_text_element(pol.append_child("li"), "a", std::to_string(number)).append_attribute("href") = href.c_str();
  }
  return save_xml(page.doc, false);
}

std::string write_ncx(const resolve::ResolvedBook& book, const PageList& pages) {
  const auto& m = *book.manuscript;
  pugi::xml_document doc;
  add_declaration(doc);
  auto ncx = doc.append_child("ncx");
  ncx.append_attribute("xmlns") = "http://www.daisy.org/z3986/2005/ncx/";
  ncx.append_attribute("version") = "2005-1";
  ncx.append_attribute("xml:lang") = m.meta.language.c_str();
  auto head = ncx.append_child("head");
  auto meta = [&](const char* name, const std::string& content) {
    auto e = head.append_child("meta");
    e.append_attribute("name") = name;
    e.append_attribute("content") = content.c_str();
  };
  const auto entries = contents(book);
  meta("dtb:uid", m.meta.identifier);
  meta("dtb:depth", std::any_of(entries.begin(), entries.end(), [](const Entry& e) { return !e.children.empty(); }) ? "2" : "1");
  std::size_t max_page = 0;
  for (const auto& p : pages) max_page = std::max(max_page, p.first);
  meta("dtb:totalPageCount", std::to_string(pages.size()));
  meta("dtb:maxPageNumber", std::to_string(max_page));
  add_text_element(ncx.append_child("docTitle"), "text", m.meta.title);
  auto map = ncx.append_child("navMap");
  int order = 0;
  auto point = [&](pugi::xml_node parent, const Entry& e) {
    auto p = parent.append_child("navPoint");
    ++order;
    p.append_attribute("id") = ("nav-" + std::to_string(order)).c_str();
    p.append_attribute("playOrder") = std::to_string(order).c_str();
    add_text_element(p.append_child("navLabel"), "text", e.title);
    p.append_child("content").append_attribute("src") = e.href.c_str();
    return p;
  };
  for (const auto& e : entries) {
    auto p = point(map, e);
    for (const auto& c : e.children) point(p, c);
  }
  if (!pages.empty()) {
    // The same pages for NCX readers (EPUB 2 and older Kindle software).
    auto list = ncx.append_child("pageList");
    add_text_element(list.append_child("navLabel"), "text", "Pages of the printed handout");
    for (const auto& [number, href] : pages) {
      auto t = list.append_child("pageTarget");
      t.append_attribute("id") = ("pt-" + std::to_string(number)).c_str();
      t.append_attribute("type") = "normal";
      t.append_attribute("value") = std::to_string(number).c_str();
      t.append_attribute("playOrder") = std::to_string(++order).c_str();
      add_text_element(t.append_child("navLabel"), "text", std::to_string(number));
      t.append_child("content").append_attribute("src") = href.c_str();
    }
  }
  return save_xml(doc, true);
}

}  // namespace bindery::epub
