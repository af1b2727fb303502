// From the document model to blocks of styled pieces (layout stage): emphasis picks faces, links
// carry their targets, cross-references gain the page they lead to.
#include "layout/collect_flow.hpp"

#include <span>

namespace bindery::layout {
namespace {

Face with_italic(Face f) {
  switch (f) {
    case Face::Serif: return Face::SerifItalic;
    case Face::SerifBold: return Face::SerifBoldItalic;
    case Face::Sans: return Face::SansItalic;
    case Face::SansBold: return Face::SansBoldItalic;
    default: return f;
  }
}
Face with_bold(Face f) {
  switch (f) {
    case Face::Serif: return Face::SerifBold;
    case Face::SerifItalic: return Face::SerifBoldItalic;
    case Face::Sans: return Face::SansBold;
    case Face::SansItalic: return Face::SansBoldItalic;
    default: return f;
  }
}

struct Collector {
  const resolve::ResolvedBook& book;
  const PageStyle& style;
  std::vector<FlowBlock> out;
  std::map<std::string, std::string> chapter_first_id;  // xhtml file -> first heading id
  Role context_role = Role::Paragraph;
  std::vector<Group> groups;  // the lists, items and quotes open around the block being collected
  std::uint32_t next_group = 1;

  void inlines(std::span<const doc::Node> nodes, Face face, std::vector<Piece>& pieces, const Piece& link) {
    using T = doc::NodeType;
    for (const auto& n : nodes) {
      Piece p = link;
      p.face = face;
      p.pos = n.pos;
      switch (n.type) {
        case T::Text: p.text = n.text; p.node = &n; pieces.push_back(p); break;
        case T::Code: p.text = n.text; p.node = &n; p.face = Face::Mono; pieces.push_back(p); break;
        case T::SoftBreak: p.text = " "; pieces.push_back(p); break;
        case T::LineBreak: p.hard_break = true; pieces.push_back(p); break;
        case T::Emph: inlines(n.children, with_italic(face), pieces, link); break;
        case T::Strong: inlines(n.children, with_bold(face), pieces, link); break;
        case T::Image: p.text = "[" + doc::plain_text(n) + "]"; p.face = with_italic(face); pieces.push_back(p); break;
        case T::Link: link_pieces(n, face, pieces); break;
        case T::Element: {
          Face f = face;
          if (n.text == "b" || n.text == "strong") f = with_bold(face);
          if (n.text == "i" || n.text == "em" || n.text == "cite") f = with_italic(face);
          if (n.text == "code" || n.text == "kbd" || n.text == "samp") f = Face::Mono;
          if (n.text == "br") { p.hard_break = true; pieces.push_back(p); break; }
          inlines(n.children, f, pieces, link);
          break;
        }
        default: inlines(n.children, face, pieces, link); break;
      }
    }
  }

  void link_pieces(const doc::Node& n, Face face, std::vector<Piece>& pieces) {
    // One target for every piece of the link.
    Piece link;
    if (n.url().find(':') != std::string::npos) {
      link.link = std::make_shared<const LinkTarget>(LinkTarget{n.url(), "", "Open " + n.url()});
      inlines(n.children, face, pieces, link);
      return;
    }
    const auto hash = n.url().find('#');
    std::string dest = hash == std::string::npos ? chapter_first_id[n.url()] : n.url().substr(hash + 1);
    // The PDF writer adds ", page N" to what the link does.
    link.link = std::make_shared<const LinkTarget>(LinkTarget{"", std::move(dest), "Go to " + doc::plain_text(n)});
    inlines(n.children, face, pieces, link);
    // Print shows where a cross-reference leads.
    Piece ref = link;
    ref.face = face;
    ref.text = page_number_text("00");  // the layout writes in each pass's number
    ref.page_number = true;
    pieces.push_back(ref);
  }

  FlowBlock paragraph(std::span<const doc::Node> children, double indent, const std::string& label, bool tight,
                      const doc::Node* node) {
    FlowBlock b;
    b.groups = groups;
    b.node = node;
    b.kind = FlowBlock::Kind::Paragraph;
    b.style.size = style.body_size;
    b.style.justify = style.justify;
    b.style.hyphenate = style.hyphenate;
    b.indent_left = indent;
    if (!label.empty()) b.more().label = label;
    b.space_after = tight ? 2 : style.paragraph_space;
    b.style.role = context_role;  // paragraph, list item or block quote, for tagging later
    inlines(children, style.text_font == "sans" ? Face::Sans : Face::Serif, b.pieces, Piece{});
    return b;
  }

  void blocks(const std::vector<doc::Node>& nodes, double indent, std::string label, bool tight, bool quote) {
    using T = doc::NodeType;
    for (const auto& n : nodes) {
      switch (n.type) {
        case T::Heading: {
          FlowBlock b;
          b.groups = groups;
          b.node = &n;
          b.kind = FlowBlock::Kind::Heading;
          b.level = std::min(n.level, 3);
          b.more().id = n.id();
          b.more().title = doc::plain_text(n);
          b.style.size = b.level == 1 ? style.h1_size : b.level == 2 ? style.h2_size : style.h3_size;
          b.style.justify = false;
          b.style.hyphenate = false;
          b.style.role = b.level == 1 ? Role::Heading1 : b.level == 2 ? Role::Heading2 : Role::Heading3;
          b.space_before = b.level == 1 ? style.chapter_space_before : style.heading_space_before;
          b.space_after = b.level == 1 ? style.heading_space_after * 2 : style.heading_space_after;
          b.keep_with_next = true;
          b.indent_left = indent;
          inlines(n.children, style.heading_font == "serif" ? Face::SerifBold : Face::SansBold, b.pieces, Piece{});
          out.push_back(std::move(b));
          break;
        }
        case T::Paragraph: {
          FlowBlock b = paragraph(n.children, indent, label, tight, &n);
          if (quote) for (auto& p : b.pieces) p.face = with_italic(p.face);
          label.clear();
          out.push_back(std::move(b));
          break;
        }
        case T::BlockQuote: {
          const Role saved = context_role;
          context_role = Role::BlockQuote;
          groups.push_back({Group::Kind::BlockQuote, next_group++});
          blocks(n.children, indent + 18, label, false, true);
          groups.pop_back();
          context_role = saved;
          label.clear();
          break;
        }
        case T::List: {
          const Role saved = context_role;
          context_role = Role::ListItem;
          int number = n.start;
          groups.push_back({Group::Kind::List, next_group++});
          for (const auto& item : n.children) {
            const std::string l = n.ordered ? std::to_string(number++) + "." : "\u2022";
            groups.push_back({Group::Kind::ListItem, next_group++});
            if (item.children.empty()) {
              FlowBlock b = paragraph({}, indent + 18, l, n.tight, &item);
              b.pieces.push_back(Piece{});
              out.push_back(std::move(b));
            }
            blocks(item.children, indent + 18, l, n.tight, quote);
            groups.pop_back();
          }
          groups.pop_back();
          if (!out.empty()) out.back().space_after = style.paragraph_space;
          context_role = saved;
          break;
        }
        case T::CodeBlock: {
          FlowBlock b;
          b.groups = groups;
          b.node = &n;
          b.kind = FlowBlock::Kind::Code;
          b.style.role = Role::Code;
          b.indent_left = indent + 10;
          b.style.size = style.body_size - 1.5;
          std::string line;
          for (char c : n.text) {
            if (c == '\n') { b.more().code_lines.push_back(line); line.clear(); }
            else line += c;
          }
          if (!line.empty()) b.more().code_lines.push_back(line);
          b.space_after = style.paragraph_space;
          out.push_back(std::move(b));
          break;
        }
        case T::ThematicBreak: {
          FlowBlock b;
          b.kind = FlowBlock::Kind::Rule;
          b.space_before = 6;
          b.space_after = 10;
          out.push_back(std::move(b));
          break;
        }
        case T::BackLinks: {
          FlowBlock b;
          b.groups = groups;
          b.node = &n;
          b.kind = FlowBlock::Kind::Paragraph;
          b.style.size = style.body_size - 1;
          b.style.justify = false;
          b.indent_left = indent + 12;
          b.space_after = style.paragraph_space + 3;
          b.keep_with_previous = true;
          // One related item per line, as the EPUB's list has them: easier to scan than a run-in list.
          b.pieces.push_back(Piece{n.text + ":", Face::SansBold});
          for (const auto& link : n.children) {
            Piece br;
            br.hard_break = true;
            b.pieces.push_back(br);
            link_pieces(link, Face::Sans, b.pieces);
          }
          out.push_back(std::move(b));
          break;
        }
        case T::Element: {
          // Raw HTML containers: inline content becomes a paragraph, blocks recurse.
          bool has_block = false;
          for (const auto& c : n.children)
            has_block |= c.type == T::Paragraph || c.type == T::Heading || c.type == T::List || c.type == T::BlockQuote ||
                         c.type == T::CodeBlock || (c.type == T::Element && c.text != "b" && c.text != "i" && c.text != "em" &&
                                                    c.text != "strong" && c.text != "span" && c.text != "a" && c.text != "code");
          if (has_block) blocks(n.children, indent, label, tight, quote || n.text == "blockquote");
          else out.push_back(paragraph(n.children, indent, label, tight, &n));
          label.clear();
          break;
        }
        default: {
          // A stray inline in block context (text in a raw HTML block).
          out.push_back(paragraph(std::span<const doc::Node>(&n, 1), indent, label, tight, &n));
          label.clear();
          break;
        }
      }
    }
  }
};

}  // namespace

std::vector<FlowBlock> collect_flow(const resolve::ResolvedBook& book, const PageStyle& style,
                                    const std::function<void(std::size_t)>& chapter_collected) {
  Collector c{book, style, {}, {}, Role::Paragraph, {}, 1};
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    for (const auto& b : book.book.chapters[i].blocks) {
      if (b.type == doc::NodeType::Heading) {
        c.chapter_first_id[book.chapters[i].xhtml] = b.id();
        break;
      }
    }
  }
  for (std::size_t i = 0; i < book.book.chapters.size(); ++i) {
    c.blocks(book.book.chapters[i].blocks, 0, "", false, false);
    if (chapter_collected) chapter_collected(i);  // its model is not read again
  }
  return std::move(c.out);
}

std::string page_number_text(const std::string& number) {
  return "\u00A0(p.\u00A0" + number + ")";  // no-break spaces: "(p. 7)" stays with the reference
}

FlowBlock plain_block(std::vector<Piece> pieces, double size, Role role, double space_after) {
  FlowBlock b;
  b.kind = FlowBlock::Kind::Paragraph;
  b.style.size = size;
  b.style.justify = false;
  b.style.hyphenate = false;
  b.style.role = role;
  b.space_after = space_after;
  b.pieces = std::move(pieces);
  return b;
}

std::vector<FlowBlock> crisis_blocks(const load::CrisisLines& crisis, const PageStyle& style, bool compact) {
  std::vector<FlowBlock> out;
  FlowBlock head;
  head.kind = FlowBlock::Kind::Heading;
  head.level = compact ? 3 : 1;
  head.more().id = compact ? "crisis-front" : "crisis-back";
  head.more().title = crisis.heading;
  head.style.size = compact ? style.h2_size : style.h1_size;
  head.style.justify = false;
  head.style.hyphenate = false;
  // Tagged as a heading inside the crisis box's Note: h2 under the title on page 1, h1 at the end.
  head.style.role = compact ? Role::Heading2 : Role::Heading1;
  head.space_after = 4;
  head.keep_with_next = true;
  head.pieces.push_back(Piece{crisis.heading, Face::SansBold});
  out.push_back(std::move(head));
  const double size = compact ? style.body_size : style.body_size + 2;
  auto line_block = [&](std::vector<Piece> pieces, double after) {
    out.push_back(plain_block(std::move(pieces), size, Role::CrisisBox, after));
  };
  // Each box is its own group, so the PDF tags it as one Note.
  const Group box{Group::Kind::CrisisBox, compact ? 0xFFFFFFF0u : 0xFFFFFFF1u};
  out.front().groups.push_back(box);
  if (!compact && !crisis.intro.empty()) line_block({Piece{crisis.intro, Face::Sans}}, 8);
  // A number and its action never break across lines: no-break spaces inside them.
  auto keep = [](std::string s) {
    std::string out;
    for (char c : s) out += c == ' ' ? std::string("\u00A0") : std::string(1, c);
    return out;
  };
  auto target = [](const std::string& uri, std::string contents) {
    return std::make_shared<const LinkTarget>(LinkTarget{uri, "", std::move(contents)});
  };
  for (const auto& l : crisis.lines) {
    std::vector<Piece> p;
    p.push_back(Piece{l.region + ": ", Face::Sans});
    p.push_back(Piece{l.name + " \u2014 ", Face::Sans});
    if (!l.call.empty()) p.push_back(Piece{keep("call " + l.number), Face::SansBold, target(l.call, "Call " + l.name + " on " + l.number)});
    if (!l.text.empty()) {
      if (!l.call.empty()) p.push_back(Piece{" or ", Face::Sans});
      p.push_back(Piece{keep("text " + (l.keyword.empty() ? "" : l.keyword + " to ") + l.number), Face::SansBold,
                        target(l.text, "Text " + l.name + " on " + l.number)});
    }
    if (!l.web.empty()) {
      std::string shown = l.web.substr(8);
      if (!shown.empty() && shown.back() == '/') shown.pop_back();
      p.push_back(Piece{shown, Face::SansBold, target(l.web, "Open " + l.web)});
    }
    line_block(std::move(p), compact ? 3 : 8);
  }
  line_block({Piece{crisis.emergency, compact ? Face::Sans : Face::SansBold}}, 0);
  for (auto& b : out) b.groups = {box};
  return out;
}

}  // namespace bindery::layout
