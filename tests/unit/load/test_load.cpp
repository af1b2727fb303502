// Load stage: text normalisation, front matter, book.yaml typing, crisis-line checks.
#include <catch2/catch.hpp>

#include "load/front_matter.hpp"
#include "load/read_book_yaml.hpp"
#include "load/read_crisis_lines.hpp"
#include "load/read_source_file.hpp"

using namespace bindery;

namespace {
std::string messages(const diag::Diagnostics& d) {
  std::string out;
  for (const auto& x : d.all())
    out += std::to_string(x.pos.line) + ":" + std::to_string(x.pos.col) + " " + x.message + " [" +
           std::string(diag::kind_name(x.kind)) + "]\n";
  return out;
}
}  // namespace

TEST_CASE("normalise_text drops a BOM, turns CRLF and CR into LF", "[load]") {
  diag::Diagnostics d;
  CHECK(load::normalise_text("\xEF\xBB\xBF" "a\r\nb\rc\n", 0, d) == "a\nb\nc\n");
  CHECK(d.all().empty());
}

TEST_CASE("normalise_text replaces invalid UTF-8 and removes XML-forbidden characters, naming the line", "[load]") {
  diag::Diagnostics d;
  std::string out = load::normalise_text("ok\nbad \xFF byte\nctl \x01 and \xEF\xBF\xBE here\n", 0, d);
  CHECK(out == "ok\nbad \xEF\xBF\xBD byte\nctl  and  here\n");
  CHECK(messages(d) ==
        "2:5 invalid UTF-8 byte sequence replaced with U+FFFD; save the file as UTF-8 [InvalidUtf8]\n"
        "3:5 control character U+0001 removed; XHTML cannot carry it [ForbiddenCharacter]\n");
}

TEST_CASE("front matter is split off with line numbers kept, `---` and a blank line is a thematic break", "[load]") {
  diag::Diagnostics d;
  std::string text = "---\ntitle: A\n---\n# H\n";
  auto fm = load::split_front_matter(text, 0, d);
  REQUIRE(fm);
  CHECK(fm->yaml == "title: A\n");
  CHECK(text == "   \n        \n   \n# H\n");
  std::string rule = "---\n\npara\n";
  CHECK_FALSE(load::split_front_matter(rule, 0, d));
  std::string open = "---\ntitle: A\n";
  CHECK_FALSE(load::split_front_matter(open, 0, d));
  CHECK(messages(d) ==
        "1:1 front matter opened with `---` is never closed; add a `---` line after it (the file is read as plain "
        "Markdown) [UnclosedFrontMatter]\n");
}

TEST_CASE("book.yaml: unknown keys with suggestions, missing keys, bad values, each at its line", "[load]") {
  diag::Diagnostics d;
  auto cfg = load::read_book_yaml(
      "titel: X\nauthor: A\nlanguage: english!\nidentifier: urn:x\ndate: 2026-02-30\nchapters:\n  - a.md\n  - a.md\n  - b.txt\n"
      "  - {file: c.md, type: chaptr}\n",
      0, d);
  CHECK(messages(d) ==
        "1:1 unknown key `titel`; did you mean `title`? [UnknownKey]\n"
        "1:1 missing required key `title` [MissingKey]\n"
        "3:11 `english!` is not a language tag; write e.g. `en-GB` [InvalidValue]\n"
        "5:7 date `2026-02-30` must be YYYY-MM-DD [InvalidValue]\n"
        "8:5 chapter `a.md` is listed twice [DuplicateChapter]\n"
        "9:5 chapter `b.txt` is not a Markdown file; name it `*.md` [InvalidValue]\n"
        "10:24 unknown chapter type `chaptr`; use one of `acknowledgments`, `afterword`, `appendix`, `bibliography`, "
        "`chapter`, `conclusion`, `epilogue`, `foreword`, `glossary`, `introduction`, `notice`, `preface`, `prologue`, "
        "`qna` [InvalidValue]\n");
  CHECK(cfg.chapters.size() == 2);
}

TEST_CASE("book.yaml: invalid YAML is reported at its position", "[load]") {
  diag::Diagnostics d;
  load::read_book_yaml("title: [unclosed\nauthor: A\n", 0, d);
  REQUIRE(d.all().size() == 1);
  CHECK(d.all()[0].kind == diag::Kind::YamlSyntax);
  CHECK(d.all()[0].pos.line >= 1);
}

TEST_CASE("the guide's crisis-line file is valid and complete", "[load][crisis]") {
  diag::Diagnostics d;
  auto lines = load::read_crisis_lines(std::string(load::default_crisis_lines()), 0, d);
  CHECK(d.all().empty());
  REQUIRE(lines.lines.size() == 6);
  CHECK(lines.lines[0].call == "tel:988");
  CHECK(lines.lines[0].text == "sms:988");
  CHECK(lines.lines[1].number == "116 123");
  CHECK(lines.lines[1].call == "tel:116123");
  CHECK(lines.lines[2].call == "tel:131114");
  CHECK(lines.lines[3].call == "tel:112");
  CHECK(lines.lines[4].text == "sms:741741?body=HOME");
  CHECK(lines.lines[5].web == "https://findahelpline.com");
}

TEST_CASE("crisis lines: a missing field, a malformed number or a link that dials another number fails", "[load][crisis]") {
  diag::Diagnostics d;
  auto lines = load::read_crisis_lines(
      "heading: Help\nemergency: Call\nlines:\n"
      "  - region: UK\n    name: Samaritans\n    number: \"116 12x\"\n    call: \"tel:116123\"\n"
      "  - region: AU\n    name: Lifeline\n    number: \"13 11 14\"\n    call: \"tel:131115\"\n"
      "  - name: No region\n    number: \"112\"\n    call: \"tel:112\"\n"
      "  - region: US\n    name: Text\n    number: \"741741\"\n    keyword: HOME\n    text: \"sms:741741\"\n"
      "  - region: Web\n    name: Site\n    web: \"http://insecure.example\"\n"
      "  - region: X\n    name: Nothing\n",
      0, d);
  CHECK(lines.lines.empty());
  CHECK(messages(d) ==
        "6:13 crisis line number `116 12x` is malformed; write digits, optionally grouped by single spaces, e.g. `116 123` [CrisisLineInvalid]\n"
        "11:11 `call` link `tel:131115` does not dial the number `13 11 14`; write `tel:131114` [CrisisLineInvalid]\n"
        "12:5 missing required key `region` [MissingKey]\n"
        "19:11 `text` link `sms:741741` does not match number `741741` and keyword `HOME`; write `sms:741741?body=HOME` [CrisisLineInvalid]\n"
        "22:10 `web` must be an `https://` address, e.g. `https://findahelpline.com` [CrisisLineInvalid]\n"
        "23:5 crisis line `Nothing` has no way to reach it; add `call`, `text` or `web` [CrisisLineInvalid]\n");
}

TEST_CASE("crisis lines: an empty file or an empty list fails the build", "[load][crisis]") {
  diag::Diagnostics d1, d2;
  load::read_crisis_lines("", 0, d1);
  load::read_crisis_lines("heading: H\nemergency: E\nlines: []\n", 0, d2);
  REQUIRE(d1.has_errors());
  REQUIRE(d2.has_errors());
  CHECK(d1.all()[0].kind == diag::Kind::CrisisLinesMissing);
  CHECK(d2.all()[0].kind == diag::Kind::CrisisLinesMissing);
}
