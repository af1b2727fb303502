// Parse stage: the document model with positions, heading ids from the source, references, raw
// HTML sanitising and nesting caps.
#include <catch2/catch.hpp>

#include <algorithm>

#include "doc/node.hpp"
#include "parse/parse.hpp"

using namespace bindery;

namespace {
struct Parsed {
  diag::SourceFiles files;
  diag::Diagnostics diags;
  std::vector<doc::Node> blocks;
  std::string dump() const {
    doc::Book b;
    doc::Chapter c;
    c.file = 0;
    c.type = "chapter";
    c.blocks = blocks;
    b.chapters.push_back(c);
    return doc::dump_book(b, files);
  }
  std::string messages() const {
    std::string out;
    auto all = diags.all();
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.col < b.pos.col;
    });
    for (const auto& x : all)
      out += std::to_string(x.pos.line) + ":" + std::to_string(x.pos.col) + " " + x.message + "\n";
    return out;
  }
};

std::unique_ptr<Parsed> parse_md(const std::string& md, std::vector<std::string> prefixes = {}) {
  auto p = std::make_unique<Parsed>();
  p->files.add("t.md", md);
  p->blocks = parse::parse_markdown(md, 0, prefixes, p->files, p->diags);
  return p;
}
}  // namespace

TEST_CASE("heading ids are read from the source, so `--` survives smart punctuation", "[parse]") {
  auto p = parse_md("# A \"quoted\" title {#a--b}\n\nSetext *title* {#set-id}\n---\n");
  CHECK(p->dump() ==
        "chapter t.md type=chapter\n"
        "  heading 1:1 level=1 id=a--b\n"
        "    text 1:3 \"A “quoted” title\"\n"
        "  heading 3:1 level=2 id=set-id\n"
        "    text 3:1 \"Setext \"\n"
        "    emph 3:8\n"
        "      text 3:9 \"title\"\n");
  CHECK(p->diags.all().empty());
}

TEST_CASE("an id XHTML cannot carry is an error at its column", "[parse]") {
  auto p = parse_md("## Heading {#weird id}\n");
  CHECK(p->messages() == "1:12 heading id `weird id` cannot be used; start with a letter and use only letters, digits, `-` and `_`\n");
}

TEST_CASE("references become Ref nodes with exact source columns, e-mail addresses do not (undeclared ones are judged by resolve)", "[parse]") {
  auto p = parse_md("See @scn-repair, -@prc-pace and “@scn-x”. Mail a@scn-b.com or @other-x.\n", {"scn", "prc"});
  CHECK(p->dump() ==
        "chapter t.md type=chapter\n"
        "  paragraph 1:1\n"
        "    text 1:1 \"See \"\n"
        "    ref 1:5 id=scn-repair\n"
        "    text 1:1 \", \"\n"
        "    ref 1:18 short id=prc-pace\n"
        "    text 1:1 \" and “\"\n"
        "    ref 1:36 id=scn-x\n"
        "    text 1:1 \"”. Mail a@scn-b.com or \"\n"
        "    ref 1:67 id=other-x\n"
        "    text 1:1 \".\"\n");
}

TEST_CASE("raw HTML: scripts, frames and event handlers are removed, text of unknown tags kept", "[parse][html]") {
  auto p = parse_md("<div onclick=\"x()\" title=\"t\">\n<script>alert(1)</script>\n<p>Hi &amp; <b>there</b></p>\n</div>\n\n"
                 "Text <span style=\"c\">in<script>bad()</script></span> and <blink>kept</blink>.\n");
  CHECK(p->dump() ==
        "chapter t.md type=chapter\n"
        "  element 1:1 <div title=\"t\">\n"
        "    element 3:1 <p>\n"
        "      text 3:4 \"Hi & \"\n"
        "      element 3:13 <b>\n"
        "        text 3:16 \"there\"\n"
        "  paragraph 6:1\n"
        "    text 6:1 \"Text \"\n"
        "    element 6:6 <span>\n"
        "      text 6:22 \"in\"\n"
        "    text 6:53 \" and \"\n"
        "    text 6:65 \"kept\"\n"
        "    text 6:77 \".\"\n");
  CHECK(p->messages() ==
        "1:1 event attribute `onclick` removed; books cannot run scripts\n"
        "2:1 `<script>` removed with its content; a book cannot carry scripts, frames, forms or embedded objects\n"
        "6:24 `<script>` removed with its content; a book cannot carry scripts, frames, forms or embedded objects\n"
        "6:58 unsupported HTML tag `<blink>` dropped; its text is kept\n");
}

TEST_CASE("raw HTML: mismatched and unclosed tags are repaired into a well-formed tree", "[parse][html]") {
  auto p = parse_md("<b><i>x</b></i> and <em>open\n");
  CHECK(p->dump() ==
        "chapter t.md type=chapter\n"
        "  paragraph 1:1\n"
        "    element 1:1 <b>\n"
        "      element 1:4 <i>\n"
        "        text 1:7 \"x\"\n"
        "    text 1:16 \" and \"\n"
        "    element 1:21 <em>\n"
        "      text 1:25 \"open\"\n");
  CHECK(p->messages() ==
        "1:8 `<i>` is not closed; closed before `</b>`\n"
        "1:12 closing tag `</i>` has no matching opening tag; it is dropped\n"
        "1:21 `<em>` is not closed; closed at the end of the enclosing block\n");
}

TEST_CASE("raw HTML: a block element cannot sit inside running text", "[parse][html]") {
  auto p = parse_md("a <div>b</div> c\n");
  CHECK(p->messages() ==
        "1:3 `<div>` cannot appear inside running text; the tag is dropped\n"
        "1:9 closing tag `</div>` has no matching opening tag; it is dropped\n");
}

TEST_CASE("thousands of nested quotes and lists are flattened without exhausting the stack", "[parse][deep]") {
  std::string quotes(20000, '>');
  quotes += " deep\n";
  auto q = parse_md(quotes);
  REQUIRE(q->diags.all().size() == 1);
  CHECK(q->diags.all()[0].kind == diag::Kind::NestingTooDeep);
  std::string lists;
  for (int i = 0; i < 3000; ++i) lists += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- item\n";
  auto l = parse_md(lists);
  CHECK(l->diags.all().size() == 1);
  std::string emph;
  for (int i = 0; i < 5000; ++i) emph += "*a ";
  auto e = parse_md(emph + "x");
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  auto h = parse_md(html + "\n");
  REQUIRE(h->diags.all().size() == 2);
  CHECK(h->diags.all()[0].kind == diag::Kind::NestingTooDeep);
  CHECK(h->diags.all()[1].message == "`<div>` is not closed (nor are 31 elements inside it); closed at the end of the enclosing block");
}
