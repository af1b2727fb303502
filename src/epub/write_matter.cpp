// Generated front and back matter (epub stage). The crisis lines come only from the checked data
// file, as tappable tel:/sms:/https: links whose text makes sense read out alone.
#include "epub/write_matter.hpp"

#include "epub/xhtml_page.hpp"
#include "text/human_date.hpp"

namespace bindery::epub {
namespace {

const char* kCss = "../css/epub.css";

pugi::xml_node section(pugi::xml_node body, const char* cls, const char* type, const char* role) {
  auto s = body.append_child("section");
  s.append_attribute("class") = cls;
  if (type) s.append_attribute("epub:type") = type;
  if (role) s.append_attribute("role") = role;
  return s;
}

void link(pugi::xml_node parent, const std::string& href, const std::string& label) {
  auto a = parent.append_child("a");
  a.append_attribute("href") = href.c_str();
  a.append_child(pugi::node_pcdata).set_value(label.c_str());
}

void text(pugi::xml_node parent, const std::string& s) { parent.append_child(pugi::node_pcdata).set_value(s.c_str()); }

}  // namespace

std::string write_cover(const load::Manuscript& m) {
  XhtmlPage page;
  start_page(page, m.meta.language, "Cover", kCss);
  page.body.append_attribute("class") = "cover-page";
  // A typographic cover: the title set large, readable by screen readers as text.
  auto s = section(page.body, "cover", nullptr, nullptr);
  s.append_attribute("aria-label") = "Cover";
  add_text_element(s, "p", m.meta.title).append_attribute("class") = "cover-title";
  if (!m.meta.subtitle.empty()) add_text_element(s, "p", m.meta.subtitle).append_attribute("class") = "cover-subtitle";
  add_text_element(s, "p", m.meta.author).append_attribute("class") = "cover-author";
  // The crisis lines start the book, on its first page, as the guide's website has them on every
  // page: a compact strip below the cover, the full list two pages on.
  auto strip = page.body.append_child("aside");
  strip.append_attribute("class") = "crisis-strip";
  strip.append_attribute("aria-labelledby") = "cover-crisis";
  add_text_element(strip, "p", m.crisis.heading).append_attribute("id") = "cover-crisis";
  write_crisis_list(strip, m.crisis, "crisis-lines crisis-compact");
  return save_xml(page.doc, false);
}

std::string write_title_page(const load::Manuscript& m, PageMarkSink* marks, const std::vector<std::size_t>& pages) {
  XhtmlPage page;
  start_page(page, m.meta.language, m.meta.title, kCss);
  auto s = section(page.body, "titlepage", "titlepage", nullptr);
  for (std::size_t p : pages) marks->mark(s, p);
  s.append_attribute("aria-labelledby") = "book-title";
  auto h1 = add_text_element(s, "h1", m.meta.title);
  h1.append_attribute("id") = "book-title";
  if (!m.meta.subtitle.empty()) add_text_element(s, "p", m.meta.subtitle).append_attribute("class") = "subtitle";
  add_text_element(s, "p", m.meta.author).append_attribute("class") = "author";
  if (!m.meta.last_reviewed.empty()) {
    add_text_element(s, "p", "Last reviewed " + text::human_date(m.meta.last_reviewed, m.meta.language))
        .append_attribute("class") = "reviewed";
  }
  if (!m.meta.publisher.empty() && m.meta.publisher != m.meta.author)
    add_text_element(s, "p", m.meta.publisher).append_attribute("class") = "publisher";
  if (!m.meta.rights.empty()) add_text_element(s, "p", m.meta.rights).append_attribute("class") = "rights";
  return save_xml(page.doc, false);
}

std::string write_crisis_page(const load::Manuscript& m, const std::string& id, PageMarkSink* marks,
                              const std::vector<std::size_t>& pages) {
  const load::CrisisLines& c = m.crisis;
  XhtmlPage page;
  start_page(page, m.meta.language, c.heading, kCss);
  auto s = section(page.body, "crisis", nullptr, "region");
  for (std::size_t p : pages) marks->mark(s, p);
  s.append_attribute("aria-labelledby") = id.c_str();
  auto h = add_text_element(s, "h1", c.heading);
  h.append_attribute("id") = id.c_str();
  if (!c.intro.empty()) add_text_element(s, "p", c.intro).append_attribute("class") = "crisis-intro";
  write_crisis_list(s, c, "crisis-lines");
  add_text_element(s, "p", c.emergency).append_attribute("class") = "crisis-emergency";
  return save_xml(page.doc, false);
}

void write_crisis_list(pugi::xml_node parent, const load::CrisisLines& c, const char* cls) {
  auto ul = parent.append_child("ul");
  ul.append_attribute("class") = cls;
  for (const auto& line : c.lines) {
    auto li = ul.append_child("li");
    add_text_element(li, "span", line.region).append_attribute("class") = "crisis-region";
    text(li, " ");
    add_text_element(li, "span", line.name).append_attribute("class") = "crisis-name";
    auto how = li.append_child("span");
    how.append_attribute("class") = "crisis-how";
    // Each link's text names the action and the number, so it makes sense read out alone.
    if (!line.call.empty()) link(how, line.call, "Call " + line.number);
    if (!line.text.empty()) {
      if (!line.call.empty()) text(how, " or ");
      link(how, line.text, (line.call.empty() ? "Text " : "text ") + (line.keyword.empty() ? "" : line.keyword + " to ") + line.number);
    }
    if (!line.web.empty()) {
      std::string shown = line.web.substr(8);
      if (!shown.empty() && shown.back() == '/') shown.pop_back();
      link(how, line.web, shown);
    }
  }
}

}  // namespace bindery::epub
