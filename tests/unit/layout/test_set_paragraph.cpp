// Unit tests for paragraph setting: styled pieces become lines that never run past the measure,
// whatever the pieces look like (found by fuzzing: a "word" made of many unspaced pieces).
#include <catch2/catch.hpp>

#include "layout/set_paragraph.hpp"

using namespace bindery::layout;

namespace {

// Every code point is 5 pt wide at any size and face: widths are easy to reason about.
struct FixedMetrics : FontMetrics {
  double width(std::string_view s, Face, double) const override {
    double w = 0;
    for (char c : s)
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) w += 5;
    return w;
  }
  bool has_glyph(char32_t, Face) const override { return true; }
  double ascent(Face) const override { return 0.8; }
};

double right_edge(const Line& line) {
  double r = 0;
  for (const auto& p : line.items) r = std::max(r, p.x + p.width);
  return r;
}

std::string all_text(const std::vector<Line>& lines) {
  std::string s;
  for (const auto& l : lines)
    for (const auto& p : l.items) s += p.text;
  return s;
}

}  // namespace

TEST_CASE("set paragraph: an unspaced run of pieces wider than the measure breaks between pieces", "[layout][paragraph]") {
  // 40 pieces of 6 letters in alternating faces, no spaces: 1,200 pt of "word" on a 100 pt measure.
  std::vector<Piece> pieces;
  std::string expected;
  for (int i = 0; i < 40; ++i) {
    Piece p;
    p.text = std::string(6, static_cast<char>('a' + i % 26));
    p.face = i % 2 ? Face::SansItalic : Face::Serif;
    expected += p.text;
    pieces.push_back(p);
  }
  FixedMetrics m;
  ParagraphStyle style;
  const auto lines = set_paragraph(pieces, style, m, nullptr, [](std::size_t) { return 100.0; });
  REQUIRE(lines.size() >= 12);
  for (const auto& l : lines) CHECK(right_edge(l) <= 100.0 + 1e-6);
  // Nothing lost and no hyphen added at a join between pieces.
  CHECK(all_text(lines) == expected);
}

TEST_CASE("set paragraph: one piece wider than the measure is split between characters", "[layout][paragraph]") {
  Piece p;
  p.text = std::string(30, 'x') + "\xEF\xBF\xBD\xEF\xBF\xBD" + std::string(30, 'y');  // with two U+FFFD
  FixedMetrics m;
  ParagraphStyle style;
  const auto lines = set_paragraph({p}, style, m, nullptr, [](std::size_t) { return 100.0; });
  REQUIRE(lines.size() >= 4);
  for (const auto& l : lines) CHECK(right_edge(l) <= 100.0 + 1e-6);
}

TEST_CASE("set paragraph: short unspaced pieces stay together on one line", "[layout][paragraph]") {
  Piece a, b, c;
  a.text = "see ";
  b.text = "emph";
  b.face = Face::SansItalic;
  c.text = "asis and more";
  FixedMetrics m;
  ParagraphStyle style;
  const auto lines = set_paragraph({a, b, c}, style, m, nullptr, [](std::size_t) { return 60.0; });
  // "emphasis" (40 pt) fits a 60 pt line: it is never broken at the face change.
  bool whole = false;
  for (const auto& l : lines) {
    std::string t;
    for (const auto& p : l.items) t += p.text;
    if (t.find("emphasis") != std::string::npos) whole = true;
  }
  CHECK(whole);
}
