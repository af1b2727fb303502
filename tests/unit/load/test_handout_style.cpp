// The handout style file: typed values, exact diagnostics, and the shipped default.
#include <catch2/catch.hpp>

#include "load/manuscript.hpp"

using namespace bindery;

TEST_CASE("the shipped handout style is valid and says A4, serif text, sans headings", "[load][style]") {
  diag::Diagnostics d;
  load::HandoutStyle st;
  load::read_handout_style(std::string(load::default_handout_style()), 0, st, d);
  CHECK(d.all().empty());
  CHECK(st.paper == "a4");
  CHECK(st.text_font == "serif");
  CHECK(st.heading_font == "sans");
  CHECK(st.margin_top == Approx(24 * 72 / 25.4));
  CHECK(st.accent_colour == 0x2f6f6a);
  CHECK(st.justify);
  CHECK(st.hyphenate);
}

TEST_CASE("handout style: misspelt keys, bad lengths, switches and colours are errors at their line", "[load][style]") {
  diag::SourceFiles files;
  files.add("handout.yaml", "");
  diag::Diagnostics d;
  load::HandoutStyle st;
  load::read_handout_style("paper: a5\nmargn-top: 20mm\nbody-size: 11px\njustify: maybe\naccent-colour: teal\ntext-font: comic\n"
                           "leading: 2pt\nmargin-left: 1in\n",
                           0, st, d);
  std::string out;
  for (const auto& x : d.all())
    out += std::to_string(x.pos.line) + ":" + std::to_string(x.pos.col) + " " + x.message + "\n";
  CHECK(out ==
        "2:1 unknown key `margn-top`; did you mean `margin-top`?\n"
        "1:8 paper `a5` is not supported; use `a4` or `letter`\n"
        "6:12 `text-font: comic` is not available; use `serif` (Noto Serif) or `sans` (Noto Sans)\n"
        "3:12 `body-size: 11px` is not a length; write e.g. `24mm` or `10.5pt`\n"
        "7:10 `leading: 2pt` is out of range; use a value between 6 and 48 pt\n"
        "4:10 `justify` must be true or false\n"
        "5:16 `accent-colour: teal` is not a colour; write e.g. `\"#2f6f6a\"`\n");
  CHECK(st.margin_left == Approx(72));
}
