// Mapping doc::Node to XHTML with pugixml (epub stage). Recursion depth is bounded by the parse
// stage's nesting caps.
#include "epub/write_blocks.hpp"

#include <algorithm>
#include <span>
#include <string>

namespace bindery::epub {
namespace {

void text(pugi::xml_node parent, const std::string& s) {
  // Merge with a preceding text node so the output has no needless splits.
  pugi::xml_node last = parent.last_child();
  if (last && last.type() == pugi::node_pcdata) {
    std::string merged = std::string(last.value()) + s;
    last.set_value(merged.c_str());
    return;
  }
  parent.append_child(pugi::node_pcdata).set_value(s.c_str());
}

// Elements whose children cannot include a span: a page mark goes inside their first child instead.
bool no_phrasing(const std::string& tag) {
  return tag == "ul" || tag == "ol" || tag == "dl" || tag == "table" || tag == "thead" || tag == "tbody" ||
         tag == "tfoot" || tag == "tr" || tag == "colgroup";
}

class Writer {
 public:
  explicit Writer(PageMarkSink* marks) : marks_(marks) {}

  void children(pugi::xml_node parent, const std::vector<doc::Node>& nodes, int& last_level, bool tight) {
    for (const auto& c : nodes) node(parent, c, last_level, tight);
  }

  void node(pugi::xml_node parent, const doc::Node& n, int& last_level, bool tight) {
    using T = doc::NodeType;
    int unused = 0;
    // A printed page that begins with this block: its mark goes just before it.
    if (n.type != T::Element && !no_phrasing(parent.name())) marks_before(parent, n);
    switch (n.type) {
      case T::Heading: {
        const int level = std::clamp(n.level, 1, std::min(6, last_level + 1));
        last_level = level;
        auto h = parent.append_child(("h" + std::to_string(level)).c_str());
        h.append_attribute("id") = n.id().c_str();
        inlines(h, n.children);
        break;
      }
      case T::Paragraph:
        if (tight) {
          inlines(parent, n.children);
        } else {
          inlines(parent.append_child("p"), n.children);
        }
        break;
      case T::BlockQuote:
        children(parent.append_child("blockquote"), n.children, last_level, false);
        break;
      case T::List: {
        auto list = parent.append_child(n.ordered ? "ol" : "ul");
        if (n.ordered && n.start != 1) list.append_attribute("start") = std::to_string(n.start).c_str();
        for (const auto& item : n.children) {
          auto li = list.append_child("li");
          marks_before(li, item);
          // In a tight list with a single paragraph the text sits directly in the item, as in cmark.
          children(li, item.children, last_level, n.tight);
        }
        break;
      }
      case T::Item:
        children(parent.append_child("li"), n.children, last_level, false);
        break;
      case T::CodeBlock: {
        auto code = parent.append_child("pre").append_child("code");
        text(code, n.text);
        break;
      }
      case T::ThematicBreak:
        parent.append_child("hr");
        break;
      case T::BackLinks: {
        // Generated back-links: navigation, labelled by its visible heading and by the item it
        // sits under ("Where this shows up Practice 2: ..."): every list's heading reads the same,
        // and landmarks with the same name cannot be told apart (Ace/axe landmark-unique).
        // Resolve names the list "backlinks-" + the item's heading id.
        auto nav = parent.append_child("nav");
        nav.append_attribute("class") = "backlinks";
        const std::string prefix = "backlinks-";
        const std::string label = n.id().rfind(prefix, 0) == 0 ? n.id() + " " + n.id().substr(prefix.size()) : n.id();
        nav.append_attribute("aria-labelledby") = label.c_str();
        auto title = nav.append_child("p");
        title.append_attribute("class") = "backlinks-title";
        title.append_attribute("id") = n.id().c_str();
        text(title, n.text);
        auto ul = nav.append_child("ul");
        for (const auto& link : n.children) inlines(ul.append_child("li"), std::span<const doc::Node>(&link, 1));
        break;
      }
      case T::Element: {
        auto e = parent.append_child(n.text.c_str());
        for (const auto& [k, v] : n.attrs()) e.append_attribute(k.c_str()) = v.c_str();
        // Inside the element: a raw HTML cell or item cannot have a span before it.
        if (!no_phrasing(n.text)) marks_before(e, n);
        children(e, n.children, unused, false);
        break;
      }
      default: {
        // Inlines in block context: text and phrasing elements inside a raw HTML block.
        inlines(parent, std::span<const doc::Node>(&n, 1));
        break;
      }
    }
  }

  void inlines(pugi::xml_node parent, std::span<const doc::Node> nodes) {
    using T = doc::NodeType;
    for (const auto& n : nodes) {
      switch (n.type) {
        case T::Text: marked_text(parent, n); break;
        case T::Code: marked_text(parent.append_child("code"), n); break;
        case T::Emph: inlines(parent.append_child("em"), n.children); break;
        case T::Strong: inlines(parent.append_child("strong"), n.children); break;
        case T::SoftBreak: text(parent, "\n"); break;
        case T::LineBreak: parent.append_child("br"); text(parent, "\n"); break;
        case T::Link: {
          auto a = parent.append_child("a");
          a.append_attribute("href") = n.url().c_str();
          if (!n.title().empty()) a.append_attribute("title") = n.title().c_str();
          inlines(a, n.children);
          break;
        }
        case T::Image: {
          auto img = parent.append_child("img");
          img.append_attribute("src") = n.url().c_str();
          img.append_attribute("alt") = doc::plain_text(n).c_str();
          if (!n.title().empty()) img.append_attribute("title") = n.title().c_str();
          break;
        }
        case T::Element: {
          auto e = parent.append_child(n.text.c_str());
          for (const auto& [k, v] : n.attrs()) e.append_attribute(k.c_str()) = v.c_str();
          inlines(e, n.children);
          break;
        }
        default: {
          // A block inside inline context cannot happen after the parse stage's repairs; write
          // its text rather than lose it.
          text(parent, doc::plain_text(n));
          break;
        }
      }
    }
  }

 private:
  void marks_before(pugi::xml_node parent, const doc::Node& n) {
    if (!marks_) return;
    if (const auto* m = marks_->find(&n))
      for (const auto& pm : *m)
        if (!pm.inside) marks_->mark(parent, pm.page);
  }

  // A text node, split where a printed page begins inside it (moved back to the word's start,
  // should the page begin after a hyphenated line).
  void marked_text(pugi::xml_node parent, const doc::Node& n) {
    const auto* m = marks_ ? marks_->find(&n) : nullptr;
    if (!m) {
      text(parent, n.text);
      return;
    }
    std::size_t from = 0;
    for (const auto& pm : *m) {
      if (!pm.inside) continue;  // a mark before the block: written by the block's writer
      std::size_t at = std::min(pm.offset, n.text.size());
      while (at > from && n.text[at - 1] != ' ' && n.text[at - 1] != '\n') --at;
      if (at > from) text(parent, n.text.substr(from, at - from));
      marks_->mark(parent, pm.page);
      from = at;
    }
    if (from < n.text.size()) parent.append_child(pugi::node_pcdata).set_value(n.text.substr(from).c_str());
  }

  PageMarkSink* marks_;
};

}  // namespace

void write_blocks(pugi::xml_node parent, const std::vector<doc::Node>& blocks, int& last_level, PageMarkSink* marks) {
  Writer(marks).children(parent, blocks, last_level, false);
}

}  // namespace bindery::epub
