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

// Line `n`'s placed words, as the layout places them.
std::vector<Placed> words_of(const SetParagraph& set, std::size_t n, const std::vector<Piece>& pieces) {
  std::vector<Placed> out;
  const FixedMetrics m;
  place_words(set, n, pieces, ParagraphStyle{}, m, out);
  return out;
}

double right_edge(const SetParagraph& set, std::size_t n, const std::vector<Piece>& pieces) {
  double r = 0;
  for (const auto& p : words_of(set, n, pieces)) r = std::max(r, p.x + p.width);
  return r;
}

std::string line_text(const SetParagraph& set, std::size_t n, const std::vector<Piece>& pieces) {
  std::string s;
  for (const auto& p : words_of(set, n, pieces)) s += p.text;
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
  const auto set = set_paragraph(pieces, style, m, nullptr, [](std::size_t) { return 100.0; });
  REQUIRE(set.lines.size() >= 12);
  std::string all;
  for (std::size_t n = 0; n < set.lines.size(); ++n) {
    CHECK(right_edge(set, n, pieces) <= 100.0 + 1e-6);
    all += line_text(set, n, pieces);
  }
  // Nothing lost and no hyphen added at a join between pieces.
  CHECK(all == expected);
}

TEST_CASE("set paragraph: one piece wider than the measure is split between characters", "[layout][paragraph]") {
  Piece p;
  p.text = std::string(30, 'x') + "\xEF\xBF\xBD\xEF\xBF\xBD" + std::string(30, 'y');  // with two U+FFFD
  FixedMetrics m;
  ParagraphStyle style;
  const std::vector<Piece> pieces{p};
  const auto set = set_paragraph(pieces, style, m, nullptr, [](std::size_t) { return 100.0; });
  REQUIRE(set.lines.size() >= 4);
  for (std::size_t n = 0; n < set.lines.size(); ++n) CHECK(right_edge(set, n, pieces) <= 100.0 + 1e-6);
}

TEST_CASE("set paragraph: short unspaced pieces stay together on one line", "[layout][paragraph]") {
  Piece a, b, c;
  a.text = "see ";
  b.text = "emph";
  b.face = Face::SansItalic;
  c.text = "asis and more";
  FixedMetrics m;
  ParagraphStyle style;
  const std::vector<Piece> pieces{a, b, c};
  const auto set = set_paragraph(pieces, style, m, nullptr, [](std::size_t) { return 60.0; });
  // "emphasis" (40 pt) fits a 60 pt line: it is never broken at the face change.
  bool whole = false;
  for (std::size_t n = 0; n < set.lines.size(); ++n)
    if (line_text(set, n, pieces).find("emphasis") != std::string::npos) whole = true;
  CHECK(whole);
}
