// Raw HTML: tokenised, checked against an allow-list and a simplified HTML content model, and
// rebuilt as nested nodes so the EPUB writer only ever emits well-formed XHTML. Parse stage.
#include "parse/raw_html.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "load/yaml_reader.hpp"

namespace bindery::parse {
namespace {

using Set = std::set<std::string, std::less<>>;

const Set kPhrasing = {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins",
                       "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
                       "wbr"};
const Set kFlow = {"address", "article", "aside", "blockquote", "div", "dl", "dt", "dd", "figure", "figcaption",
                   "footer", "header", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "ul", "p", "pre",
                   "section", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"};
const Set kVoid = {"br", "hr", "img", "wbr"};
// Removed together with everything inside them: active or embedded content a book must not carry.
const Set kDropWithContent = {"script", "style", "iframe", "object", "noscript", "template", "svg", "math",
                              "head", "title", "textarea", "select", "canvas", "audio", "video", "applet",
                              "frameset", "noembed", "noframes", "xmp", "plaintext"};
const Set kDropVoid = {"embed", "input", "link", "meta", "base", "param", "source", "track", "area", "col",
                       "keygen", "frame", "basefont", "isindex"};
// Elements HTML closes implicitly; leaving them open is normal and not worth a warning.
const Set kImplicitClose = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption"};
// Containers whose only allowed children are specific elements.
const Set kStructured = {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"};

struct Token {
  enum Kind { Text, Start, End, Skip } kind = Text;
  std::string name;
  std::string text;
  std::vector<std::pair<std::string, std::string>> attrs;
  bool self_closing = false;
  diag::SourcePos pos;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_'; }

// Splits raw HTML into tags and text, tracking each token's line and column.
std::vector<Token> tokenize(std::string_view s, diag::SourcePos origin, diag::Diagnostics& diags) {
  std::vector<Token> out;
  std::uint32_t line = origin.line, line_start_col = origin.col;
  std::size_t line_start = 0, scanned = 0;  // positions only move forward: scan each byte once
  auto pos_at = [&](std::size_t i) {
    for (; scanned < i; ++scanned) {
      if (s[scanned] == '\n') {
        ++line;
        line_start_col = 1;
        line_start = scanned + 1;
      }
    }
    return diag::SourcePos{origin.file, line, static_cast<std::uint32_t>(line_start_col + (i - line_start))};
  };
  std::size_t i = 0;
  std::string text;
  std::size_t text_start = 0;
  auto flush_text = [&] {
    if (text.empty()) return;
    Token t;
    t.kind = Token::Text;
    t.pos = pos_at(text_start);
    t.text = decode_entities(text, t.pos, diags);
    out.push_back(std::move(t));
    text.clear();
  };
  while (i < s.size()) {
    if (s[i] != '<') {
      if (text.empty()) text_start = i;
      text += s[i++];
      continue;
    }
    auto skip_to = [&](std::string_view close) {
      std::size_t e = s.find(close, i);
      i = e == std::string_view::npos ? s.size() : e + close.size();
    };
    if (s.substr(i, 4) == "<!--") { flush_text(); skip_to("-->"); continue; }
    if (s.substr(i, 9) == "<![CDATA[") { flush_text(); skip_to("]]>"); continue; }
    if (s.substr(i, 2) == "<!" || s.substr(i, 2) == "<?") { flush_text(); skip_to(">"); continue; }
    const bool end = i + 1 < s.size() && s[i + 1] == '/';
    std::size_t j = i + (end ? 2 : 1);
    std::size_t name_start = j;
    if (j >= s.size() || !std::isalpha(static_cast<unsigned char>(s[j]))) {
      if (text.empty()) text_start = i;
      text += s[i++];  // a lone `<` is text
      continue;
    }
    while (j < s.size() && name_char(s[j])) ++j;
    Token t;
    t.kind = end ? Token::End : Token::Start;
    t.name = lower(s.substr(name_start, j - name_start));
    // Attributes: name, name=value, name="value", name='value'.
    while (j < s.size() && s[j] != '>') {
      if (std::isspace(static_cast<unsigned char>(s[j]))) { ++j; continue; }
      if (s[j] == '/') { t.self_closing = true; ++j; continue; }
      std::size_t a = j;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && s[j] != '=' && s[j] != '>' && s[j] != '/') ++j;
      std::string attr = lower(s.substr(a, j - a));
      std::string value;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && s[j] == '=') {
        ++j;
        while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        if (j < s.size() && (s[j] == '"' || s[j] == '\'')) {
          char q = s[j++];
          std::size_t e = s.find(q, j);
          if (e == std::string_view::npos) e = s.size();
          value = std::string(s.substr(j, e - j));
          j = e < s.size() ? e + 1 : e;
        } else {
          std::size_t v = j;
          while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && s[j] != '>') ++j;
          value = std::string(s.substr(v, j - v));
        }
      }
      if (!attr.empty()) t.attrs.emplace_back(attr, value);
      if (a == j) ++j;
    }
    flush_text();
    t.pos = pos_at(i);
    for (auto& [k, v] : t.attrs) v = decode_entities(v, t.pos, diags);
    i = j < s.size() ? j + 1 : j;
    out.push_back(std::move(t));
  }
  flush_text();
  return out;
}

bool accepts(const std::string& parent, const std::string& child) {
  const bool child_phrasing = kPhrasing.count(child) > 0;
  if (parent == "#flow") {
    return !(child == "li" || child == "dt" || child == "dd" || child == "tr" || child == "td" || child == "th" ||
             child == "thead" || child == "tbody" || child == "tfoot" || child == "caption" || child == "figcaption");
  }
  if (parent == "ul" || parent == "ol") return child == "li";
  if (parent == "dl") return child == "dt" || child == "dd";
  if (parent == "table") return child == "caption" || child == "thead" || child == "tbody" || child == "tfoot" || child == "tr";
  if (parent == "thead" || parent == "tbody" || parent == "tfoot") return child == "tr";
  if (parent == "tr") return child == "td" || child == "th";
  if (parent == "a") return child_phrasing && child != "a";
  if (parent == "#phrasing" || kPhrasing.count(parent) || parent == "p" || parent == "pre" || parent == "dt" ||
      (parent.size() == 2 && parent[0] == 'h' && parent[1] >= '1' && parent[1] <= '6')) {
    return child_phrasing;
  }
  if (parent == "figure") return accepts("#flow", child) || child == "figcaption";
  // div, section, blockquote, li, dd, td, th, caption, figcaption, ...: flow content.
  return accepts("#flow", child);
}

bool is_block_node(const doc::Node& n) {
  using T = doc::NodeType;
  return n.type == T::Paragraph || n.type == T::Heading || n.type == T::List || n.type == T::BlockQuote ||
         n.type == T::CodeBlock || n.type == T::ThematicBreak;
}

bool all_space(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

bool digits_only(std::string_view s) {
  return !s.empty() && s.size() < 6 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

class Nester {
 public:
  Nester(std::vector<doc::Node>& out, bool inline_ctx, diag::Diagnostics& diags)
      : out_(out), context_(inline_ctx ? "#phrasing" : "#flow"), diags_(diags) {}

  void add_node(doc::Node n) {
    if (dropping()) return;
    if (is_block_node(n)) {
      while (!open_.empty() && !accepts(open_.back().tag, "div")) close_top(n.pos, "a Markdown block");
      if (!accepts(current_tag(), "div")) return;
    }
    children().push_back(std::move(n));
  }

  void add_token(Token& t) {
    if (t.kind == Token::Text) return add_text(t);
    if (t.kind == Token::End) return end_tag(t);
    start_tag(t);
  }

  void finish(diag::SourcePos pos) {
    // One warning for a whole run of unclosed elements, pointing at the outermost one.
    std::size_t unclosed = 0;
    const Open* outermost = nullptr;
    for (const auto& o : open_) {
      if (o.drop || kImplicitClose.count(o.tag)) continue;
      if (!outermost) outermost = &o;
      ++unclosed;
    }
    if (outermost) {
      std::string more = unclosed == 2   ? " (nor is the element inside it)"
                         : unclosed > 2 ? " (nor are " + std::to_string(unclosed - 1) + " elements inside it)"
                                        : "";
      diags_.report(diag::Kind::RawHtmlRepaired, outermost->node->pos,
                    "`<" + outermost->tag + ">` is not closed" + more + "; closed at the end of the enclosing block");
    }
    (void)pos;
    while (!open_.empty()) {
      Open top = open_.back();
      open_.pop_back();
      if (top.drop && !dropping()) children().pop_back();
    }
  }

 private:
  struct Open {
    doc::Node* node;
    std::string tag;
    bool drop;
  };

  std::vector<doc::Node>& children() { return open_.empty() ? out_ : open_.back().node->children; }
  const std::string& current_tag() const { return open_.empty() ? context_ : open_.back().tag; }
  bool dropping() const { return !open_.empty() && open_.back().drop; }

  void close_top(diag::SourcePos pos, const char* because) {
    Open top = open_.back();
    open_.pop_back();
    if (top.drop) {
      // The outermost dropped element is the last child of its parent: remove it with its content.
      if (!dropping()) children().pop_back();
      return;
    }
    if (!kImplicitClose.count(top.tag)) {
      diags_.report(diag::Kind::RawHtmlRepaired, pos,
                    "`<" + top.tag + ">` is not closed; closed before " + std::string(because));
    }
  }

  void add_text(const Token& t) {
    if (dropping()) return;
    if (kStructured.count(current_tag())) {
      if (!all_space(t.text)) {
        diags_.report(diag::Kind::RawHtmlDropped, t.pos, "text directly inside `<" + current_tag() + ">` is dropped; put it in a cell or item");
      }
      return;
    }
    if (all_space(t.text) && accepts(current_tag(), "div")) return;  // layout whitespace between blocks
    doc::Node n;
    n.type = doc::NodeType::Text;
    n.pos = t.pos;
    n.text = t.text;
    children().push_back(std::move(n));
  }

  void end_tag(const Token& t) {
    // Elements dropped for depth are the innermost, so their end tags come first.
    if (auto d = depth_dropped_.find(t.name); !dropping() && d != depth_dropped_.end() && d->second > 0) {
      --d->second;
      return;
    }
    for (std::size_t k = open_.size(); k-- > 0;) {
      if (open_[k].tag != t.name) continue;
      while (open_.size() > k + 1) close_top(t.pos, ("`</" + t.name + ">`").c_str());
      Open top = open_.back();
      open_.pop_back();
      if (top.drop && !dropping()) children().pop_back();
      return;
    }
    if (dropping() || kVoid.count(t.name) || kDropVoid.count(t.name)) return;

    if (kPhrasing.count(t.name) || kFlow.count(t.name)) {
      diags_.report(diag::Kind::RawHtmlRepaired, t.pos, "closing tag `</" + t.name + ">` has no matching opening tag; it is dropped");
    }
  }

  std::vector<std::pair<std::string, std::string>> clean_attrs(const Token& t) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [k, v] : t.attrs) {
      if (k.rfind("on", 0) == 0) {
        diags_.report(diag::Kind::RawHtmlDropped, t.pos, "event attribute `" + k + "` removed; books cannot run scripts");
        continue;
      }
      bool keep = k == "title" || (k == "dir" && (v == "ltr" || v == "rtl" || v == "auto")) ||
                  (k == "lang" && load::is_language_tag(v)) ||
                  ((k == "colspan" || k == "rowspan") && (t.name == "td" || t.name == "th") && digits_only(v)) ||
                  (k == "start" && t.name == "ol" && digits_only(v)) ||
                  ((k == "width" || k == "height") && t.name == "img" && digits_only(v));
      if (keep) out.emplace_back(k, v);
      if (k == "lang") out.emplace_back("xml:lang", v);
    }
    if (std::count_if(out.begin(), out.end(), [](auto& a) { return a.first == "lang"; }) == 0) {
      out.erase(std::remove_if(out.begin(), out.end(), [](auto& a) { return a.first == "xml:lang"; }), out.end());
    }
    return out;
  }

  std::string attr(const Token& t, const char* name) {
    for (const auto& [k, v] : t.attrs) if (k == name) return v;
    return {};
  }

  void start_tag(const Token& t) {
    if (dropping()) {
      if (kDropWithContent.count(t.name) && !t.self_closing) open_.push_back({open_.back().node, t.name, true});
      return;
    }
    if (kDropWithContent.count(t.name) || kDropVoid.count(t.name)) {
      diags_.report(diag::Kind::RawHtmlDropped, t.pos,
                    "`<" + t.name + ">` removed" + std::string(kDropVoid.count(t.name) ? "" : " with its content") +
                        "; a book cannot carry scripts, frames, forms or embedded objects");
      if (kDropWithContent.count(t.name) && !t.self_closing) {
        doc::Node holder;
        holder.type = doc::NodeType::Element;
        holder.text = t.name;
        children().push_back(std::move(holder));
        open_.push_back({&children().back(), t.name, true});
      }
      return;
    }
    if (open_.size() >= 32) {
      if (!kVoid.count(t.name) && !t.self_closing) ++depth_dropped_[t.name];
      if (!warned_depth_) {
        diags_.report(diag::Kind::NestingTooDeep, t.pos, "raw HTML nested deeper than 32 elements is flattened");
        warned_depth_ = true;
      }
      return;
    }
    if (!kPhrasing.count(t.name) && !kFlow.count(t.name)) {
      diags_.report(diag::Kind::RawHtmlDropped, t.pos, "unsupported HTML tag `<" + t.name + ">` dropped; its text is kept");
      return;
    }
    // Implicit closes, as an HTML parser does: a block closes an open paragraph or inline element,
    // a list item closes the previous item, a row closes the previous row.
    while (!open_.empty() && !accepts(open_.back().tag, t.name)) {
      const std::string& top = open_.back().tag;
      const bool sibling = top == t.name && kImplicitClose.count(t.name);
      const bool cell_or_item = (t.name == "td" || t.name == "th") ? (top == "td" || top == "th")
                                : (t.name == "dt" || t.name == "dd") ? (top == "dt" || top == "dd")
                                                                      : false;
      const bool closable = sibling || cell_or_item || kPhrasing.count(top) || top == "p" ||
                            (top.size() == 2 && top[0] == 'h' && std::isdigit(static_cast<unsigned char>(top[1])));
      if (!closable || kPhrasing.count(t.name)) break;
      close_top(t.pos, ("`<" + t.name + ">`").c_str());
    }
    if (!accepts(current_tag(), t.name)) {
      std::string where = current_tag()[0] == '#' ? (current_tag() == "#phrasing" ? "running text" : "this block")
                                                  : "`<" + current_tag() + ">`";
      diags_.report(diag::Kind::RawHtmlRepaired, t.pos, "`<" + t.name + ">` cannot appear inside " + where + "; the tag is dropped");
      return;
    }
    doc::Node n;
    n.pos = t.pos;
    if (t.name == "img") {
      n.type = doc::NodeType::Image;
      n.extra().url = attr(t, "src");
      n.extra().title = attr(t, "title");
      doc::Node alt;
      alt.type = doc::NodeType::Text;
      alt.pos = t.pos;
      alt.text = attr(t, "alt");
      if (!alt.text.empty()) n.children.push_back(std::move(alt));
    } else if (t.name == "a") {
      n.type = doc::NodeType::Link;
      n.extra().url = attr(t, "href");
      n.extra().title = attr(t, "title");
      n.text = "a";
    } else if (t.name.size() == 2 && t.name[0] == 'h' && t.name[1] >= '1' && t.name[1] <= '6') {
      // A raw heading is a heading: it gets an id, a contents entry and a level in order.
      n.type = doc::NodeType::Heading;
      n.level = t.name[1] - '0';
    } else {
      n.type = doc::NodeType::Element;
      n.text = t.name;
      n.extra().attrs = clean_attrs(t);
    }
    children().push_back(std::move(n));
    if (!kVoid.count(t.name) && !t.self_closing) open_.push_back({&children().back(), t.name, false});
  }

  std::vector<doc::Node>& out_;
  std::string context_;
  diag::Diagnostics& diags_;
  std::vector<Open> open_;
  bool warned_depth_ = false;
  std::map<std::string, int> depth_dropped_;
};

}  // namespace

void nest_raw_html(std::vector<doc::Node>& children, bool inline_ctx, diag::Diagnostics& diags) {
  std::vector<doc::Node> input = std::move(children);
  children.clear();
  Nester nester(children, inline_ctx, diags);
  diag::SourcePos last{};
  for (auto& n : input) {
    last = n.pos;
    if (n.type != doc::NodeType::RawHtml) {
      nester.add_node(std::move(n));
      continue;
    }
    for (Token& t : tokenize(n.text, n.pos, diags)) nester.add_token(t);
  }
  nester.finish(last);
}

}  // namespace bindery::parse
