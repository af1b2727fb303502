// The `--dump=doc` text form of the document model: one node per line, indented, with positions.
#include <string>

#include "doc/node.hpp"

namespace bindery::doc {
namespace {

const char* type_name(NodeType t) {
  switch (t) {
    case NodeType::Heading: return "heading";
    case NodeType::Paragraph: return "paragraph";
    case NodeType::BlockQuote: return "block_quote";
    case NodeType::List: return "list";
    case NodeType::Item: return "item";
    case NodeType::CodeBlock: return "code_block";
    case NodeType::ThematicBreak: return "thematic_break";
    case NodeType::Element: return "element";
    case NodeType::BackLinks: return "back_links";
    case NodeType::Text: return "text";
    case NodeType::Code: return "code";
    case NodeType::Emph: return "emph";
    case NodeType::Strong: return "strong";
    case NodeType::Link: return "link";
    case NodeType::Image: return "image";
    case NodeType::SoftBreak: return "softbreak";
    case NodeType::LineBreak: return "linebreak";
    case NodeType::Ref: return "ref";
    case NodeType::RawHtml: return "raw_html";
  }
  return "?";
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + '"';
}

// Iterative walk: the model can be deep, and a dump must never overflow the stack.
void dump_nodes(std::string& out, const std::vector<Node>& roots) {
  struct Frame { const std::vector<Node>* nodes; std::size_t next; int depth; };
  std::vector<Frame> stack{{&roots, 0, 1}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next >= f.nodes->size()) { stack.pop_back(); continue; }
    const Node& n = (*f.nodes)[f.next++];
    const int depth = f.depth;
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += type_name(n.type);
    out += ' ' + std::to_string(n.pos.line) + ':' + std::to_string(n.pos.col);
    switch (n.type) {
      case NodeType::Heading:
        out += " level=" + std::to_string(n.level) + " id=" + n.id() + (n.explicit_id ? "" : " (generated)");
        for (const auto& [id, pos] : n.see()) out += " see=" + id;
        break;
      case NodeType::List:
        out += n.ordered ? " ordered start=" + std::to_string(n.start) : " bullet";
        out += n.tight ? " tight" : " loose";
        break;
      case NodeType::CodeBlock:
        if (!n.info().empty()) out += " info=" + quoted(n.info());
        out += ' ' + quoted(n.text);
        break;
      case NodeType::Element:
        out += " <" + n.text;
        for (const auto& [k, v] : n.attrs()) out += ' ' + k + '=' + quoted(v);
        out += '>';
        break;
      case NodeType::Text:
      case NodeType::Code:
      case NodeType::RawHtml:
        out += ' ' + quoted(n.text);
        break;
      case NodeType::Link:
      case NodeType::Image:
        out += " url=" + quoted(n.url());
        if (!n.title().empty()) out += " title=" + quoted(n.title());
        break;
      case NodeType::Ref:
        out += std::string(n.short_form ? " short" : "") + " id=" + n.text;
        break;
      case NodeType::BackLinks:
        out += " id=" + n.id() + ' ' + quoted(n.text);
        break;
      default:
        break;
    }
    out += '\n';
    if (!n.children.empty()) stack.push_back({&n.children, 0, depth + 1});
  }
}

void append_plain(std::string& out, const std::vector<Node>& nodes) {
  struct Frame { const std::vector<Node>* nodes; std::size_t next; };
  std::vector<Frame> stack{{&nodes, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next >= f.nodes->size()) { stack.pop_back(); continue; }
    const Node& n = (*f.nodes)[f.next++];
    if (n.type == NodeType::Text || n.type == NodeType::Code) out += n.text;
    else if (n.type == NodeType::SoftBreak || n.type == NodeType::LineBreak) out += ' ';
    if (!n.children.empty()) stack.push_back({&n.children, 0});
  }
}

}  // namespace

std::string plain_text(const Node& node) {
  std::string out;
  if (node.type == NodeType::Text || node.type == NodeType::Code) out = node.text;
  append_plain(out, node.children);
  return out;
}

std::string plain_text(const std::vector<Node>& nodes) {
  std::string out;
  append_plain(out, nodes);
  return out;
}

std::string dump_book(const Book& book, const diag::SourceFiles& files) {
  std::string out;
  for (const auto& ch : book.chapters) {
    out += "chapter " + files.path(ch.file) + " type=" + ch.type + (ch.backmatter ? " backmatter" : "") + '\n';
    dump_nodes(out, ch.blocks);
  }
  return out;
}

}  // namespace bindery::doc
