// Mapping doc::Node to XHTML with pugixml (epub stage). Recursion depth is bounded by the parse
// stage's nesting caps.
#include "epub/write_blocks.hpp"

#include <algorithm>
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

void write_node(pugi::xml_node parent, const doc::Node& n, int& last_level, bool tight);

void write_children(pugi::xml_node parent, const std::vector<doc::Node>& nodes, int& last_level, bool tight) {
  for (const auto& c : nodes) write_node(parent, c, last_level, tight);
}

void write_node(pugi::xml_node parent, const doc::Node& n, int& last_level, bool tight) {
  using T = doc::NodeType;
  int unused = 0;
  switch (n.type) {
    case T::Heading: {
      const int level = std::clamp(n.level, 1, std::min(6, last_level + 1));
      last_level = level;
      auto h = parent.append_child(("h" + std::to_string(level)).c_str());
      h.append_attribute("id") = n.id.c_str();
      write_inlines(h, n.children);
      break;
    }
    case T::Paragraph:
      if (tight) {
        write_inlines(parent, n.children);
      } else {
        write_inlines(parent.append_child("p"), n.children);
      }
      break;
    case T::BlockQuote:
      write_children(parent.append_child("blockquote"), n.children, last_level, false);
      break;
    case T::List: {
      auto list = parent.append_child(n.ordered ? "ol" : "ul");
      if (n.ordered && n.start != 1) list.append_attribute("start") = std::to_string(n.start).c_str();
      for (const auto& item : n.children) {
        auto li = list.append_child("li");
        // In a tight list with a single paragraph the text sits directly in the item, as in cmark.
        write_children(li, item.children, last_level, n.tight);
      }
      break;
    }
    case T::Item:
      write_children(parent.append_child("li"), n.children, last_level, false);
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
      // Generated back-links: navigation, labelled by its visible heading and by the item it sits
      // under ("Where this shows up Practice 2: ..."): every list's heading reads the same, and
      // landmarks with the same name cannot be told apart (Ace/axe landmark-unique). Resolve names
      // the list "backlinks-" + the item's heading id.
      auto nav = parent.append_child("nav");
      nav.append_attribute("class") = "backlinks";
      const std::string prefix = "backlinks-";
      const std::string label =
          n.id.rfind(prefix, 0) == 0 ? n.id + " " + n.id.substr(prefix.size()) : n.id;
      nav.append_attribute("aria-labelledby") = label.c_str();
      auto title = nav.append_child("p");
      title.append_attribute("class") = "backlinks-title";
      title.append_attribute("id") = n.id.c_str();
      text(title, n.text);
      auto ul = nav.append_child("ul");
      for (const auto& link : n.children) write_inlines(ul.append_child("li"), std::vector<doc::Node>{link});
      break;
    }
    case T::Element: {
      auto e = parent.append_child(n.text.c_str());
      for (const auto& [k, v] : n.attrs) e.append_attribute(k.c_str()) = v.c_str();
      write_children(e, n.children, unused, false);
      break;
    }
    default: {
      // Inlines in block context: text and phrasing elements inside a raw HTML block.
      write_inlines(parent, std::vector<doc::Node>{n});
      break;
    }
  }
}

}  // namespace

void write_blocks(pugi::xml_node parent, const std::vector<doc::Node>& blocks, int& last_level) {
  write_children(parent, blocks, last_level, false);
}

void write_inlines(pugi::xml_node parent, const std::vector<doc::Node>& inlines) {
  using T = doc::NodeType;
  for (const auto& n : inlines) {
    switch (n.type) {
      case T::Text: text(parent, n.text); break;
      case T::Code: text(parent.append_child("code"), n.text); break;
      case T::Emph: write_inlines(parent.append_child("em"), n.children); break;
      case T::Strong: write_inlines(parent.append_child("strong"), n.children); break;
      case T::SoftBreak: text(parent, "\n"); break;
      case T::LineBreak: parent.append_child("br"); text(parent, "\n"); break;
      case T::Link: {
        auto a = parent.append_child("a");
        a.append_attribute("href") = n.url.c_str();
        if (!n.title.empty()) a.append_attribute("title") = n.title.c_str();
        write_inlines(a, n.children);
        break;
      }
      case T::Image: {
        auto img = parent.append_child("img");
        img.append_attribute("src") = n.url.c_str();
        img.append_attribute("alt") = doc::plain_text(n).c_str();
        if (!n.title.empty()) img.append_attribute("title") = n.title.c_str();
        break;
      }
      case T::Element: {
        auto e = parent.append_child(n.text.c_str());
        for (const auto& [k, v] : n.attrs) e.append_attribute(k.c_str()) = v.c_str();
        write_inlines(e, n.children);
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

}  // namespace bindery::epub
