// `--dump=resolved`: what the resolve stage decided, as stable text for golden tests.
#include "resolve/resolved_book.hpp"

namespace bindery::resolve {
namespace {

void dump_links(std::string& out, const std::vector<doc::Node>& nodes) {
  for (const auto& n : nodes) {
    if (n.type == doc::NodeType::BackLinks) {
      out += "  back-links " + n.id() + " \"" + n.text + "\"\n";
      for (const auto& l : n.children) out += "    -> " + l.url() + " \"" + doc::plain_text(l) + "\"\n";
      continue;
    }
    if (n.type == doc::NodeType::Link) {
      out += "  link " + std::to_string(n.pos.line) + ":" + std::to_string(n.pos.col) + " -> " + n.url() + " \"" +
             doc::plain_text(n) + "\"\n";
    } else if (n.type == doc::NodeType::Image) {
      out += "  image " + std::to_string(n.pos.line) + ":" + std::to_string(n.pos.col) + " -> " + n.url() + "\n";
    }
    dump_links(out, n.children);
  }
}

}  // namespace

std::string dump_resolved(const ResolvedBook& book) {
  std::string out;
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    const auto& ch = book.chapters[i];
    out += "chapter " + book.book.chapters[i].path + " -> text/" + ch.xhtml + " \"" + ch.title + "\"\n";
    for (const auto& e : ch.toc) out += "  toc " + std::to_string(e.level) + " " + e.href + " \"" + e.title + "\"\n";
    dump_links(out, book.book.chapters[i].blocks);
  }
  for (const auto& item : book.numbered) {
    out += "numbered " + item.kind_label + " " + std::to_string(item.number) + " " + item.id + " \"" + item.title + "\" -> " +
           item.href + "\n";
    for (const auto& r : item.references) out += "  references " + r + "\n";
    for (const auto& r : item.referenced_by) out += "  referenced-by " + r + "\n";
  }
  for (const auto& img : book.images) out += "image " + img.path + " " + img.media_type + " " + std::to_string(img.bytes.size()) + " bytes\n";
  return out;
}

}  // namespace bindery::resolve
