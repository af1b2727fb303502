// The total-fit line breaker on box/glue/penalty lists with fake widths, checked against an
// exhaustive search for the optimal breaks (as SILE's break specs check theirs).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "layout/break_lines.hpp"

using namespace bindery::layout;

namespace {

// A paragraph of words (box widths) separated by interword glue, ended TeX-style.
std::vector<Item> paragraph(const std::vector<double>& words, double space = 1, double stretch = 1, double shrink = 0.5) {
  std::vector<Item> items;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) items.push_back(Item::glue(space, stretch, shrink));
    items.push_back(Item::box(words[i]));
  }
  items.push_back(Item::penalty_item(0, kInfinity, false));
  items.push_back(Item::glue(0, 1000, 0));  // \parfillskip
  items.push_back(Item::penalty_item(0, -kInfinity, false));
  return items;
}

// Demerits of one line from `from` (exclusive start) to break `at`, as the paper defines them.
double line_demerits(const std::vector<Item>& items, std::size_t start, std::size_t at, double width, const BreakParams& p,
                     int& fitness_out, double& ratio_out) {
  double w = 0, st = 0, sh = 0;
  for (std::size_t k = start; k < at; ++k) {
    if (items[k].type != Item::Type::Penalty) w += items[k].width;
    if (items[k].type == Item::Type::Glue) st += items[k].stretch, sh += items[k].shrink;
  }
  if (items[at].type == Item::Type::Penalty) w += items[at].width;
  double r = w < width ? (st > 0 ? (width - w) / st : 1e9) : w > width ? (sh > 0 ? (width - w) / sh : -1e9) : 0;
  const bool last = items[at].penalty <= -kInfinity && items[at].type == Item::Type::Penalty;
  if (last && r > 0) r = 0;
  ratio_out = r;
  if (r < -1 || r > p.tolerance) return std::numeric_limits<double>::infinity();
  double d = std::pow(p.line_penalty + 100 * std::pow(std::abs(r), 3), 2);
  if (items[at].type == Item::Type::Penalty && !last) d += items[at].penalty * std::abs(items[at].penalty);
  fitness_out = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
  return d;
}

// Exhaustive search over every set of legal breaks (small paragraphs only).
double best_by_search(const std::vector<Item>& items, double width, const BreakParams& p, std::vector<std::size_t>& best_breaks) {
  std::vector<std::size_t> legal;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    if ((items[i].type == Item::Type::Glue && i > 0 && items[i - 1].type == Item::Type::Box) ||
        (items[i].type == Item::Type::Penalty && items[i].penalty < kInfinity))
      legal.push_back(i);
  }
  double best = std::numeric_limits<double>::infinity();
  const std::size_t n = legal.size();
  for (std::size_t mask = 0; mask < (std::size_t{1} << n); ++mask) {
    std::vector<std::size_t> breaks;
    for (std::size_t k = 0; k < n; ++k)
      if (mask & (std::size_t{1} << k)) breaks.push_back(legal[k]);
    breaks.push_back(items.size() - 1);
    double total = 0;
    std::size_t start = 0;
    int prev_fit = 1;
    int hyphens = 0;
    bool ok = true;
    for (std::size_t b : breaks) {
      int fit = 1;
      double r = 0;
      double d = line_demerits(items, start, b, width, p, fit, r);
      if (!std::isfinite(d)) { ok = false; break; }
      const bool flagged = items[b].flagged;
      if (flagged && hyphens > 0) d += p.flagged_demerits;
      hyphens = flagged ? hyphens + 1 : 0;
      if (hyphens > p.max_consecutive_hyphens) { ok = false; break; }
      if (std::abs(fit - prev_fit) > 1) d += p.fitness_demerits;
      prev_fit = fit;
      total += d;
      start = b + 1;
      while (start < items.size() && items[start].type != Item::Type::Box && items[start].penalty > -kInfinity) ++start;
    }
    if (ok && total < best) {
      best = total;
      best_breaks = breaks;
    }
  }
  return best;
}

std::vector<std::size_t> positions(const std::vector<Break>& b) {
  std::vector<std::size_t> out;
  for (const auto& x : b) out.push_back(x.position);
  return out;
}

}  // namespace

TEST_CASE("line breaker: lines that fit exactly break with ratio 0", "[layout][break]") {
  auto items = paragraph({3, 3, 3, 3, 3, 3});
  auto breaks = break_lines(items, [](std::size_t) { return 11.0; });
  REQUIRE(breaks.size() == 2);
  CHECK(breaks[0].position == 5);  // the glue after the third word
  CHECK(breaks[0].ratio == Approx(0));
  CHECK(breaks[1].position == items.size() - 1);
}

TEST_CASE("line breaker: matches exhaustive search on many small paragraphs, where first fit often does not", "[layout][break]") {
  unsigned seed = 12345;
  auto next = [&] { seed = seed * 1103515245u + 12345u; return (seed >> 16) % 7 + 1; };
  int compared = 0, greedy_worse = 0;
  for (int round = 0; round < 60; ++round) {
    std::vector<double> words;
    for (int k = 0; k < 12; ++k) words.push_back(static_cast<double>(next()));
    auto items = paragraph(words);
    const double width = 14 + round % 5;
    std::vector<std::size_t> expected;
    const double optimum = best_by_search(items, width, BreakParams{}, expected);
    if (!std::isfinite(optimum)) continue;
    ++compared;
    INFO("round " << round);
    CHECK(positions(break_lines(items, [&](std::size_t) { return width; })) == expected);
    if (positions(break_first_fit(items, [&](std::size_t) { return width; })) != expected) ++greedy_worse;
  }
  CHECK(compared > 40);
  CHECK(greedy_worse > 5);  // the cases are not all trivial
}

TEST_CASE("line breaker: hyphenation points are used when they help, never three in a row", "[layout][break]") {
  // Words split into syllables with flagged penalties (hyphen width 1, penalty 50).
  std::vector<Item> items;
  for (int w = 0; w < 8; ++w) {
    if (w > 0) items.push_back(Item::glue(1, 2, 1));
    items.push_back(Item::box(3));
    items.push_back(Item::penalty_item(1, 50, true));
    items.push_back(Item::box(3));
  }
  items.push_back(Item::penalty_item(0, kInfinity, false));
  items.push_back(Item::glue(0, 1000, 0));
  items.push_back(Item::penalty_item(0, -kInfinity, false));
  BreakParams p;
  p.max_consecutive_hyphens = 2;
  auto breaks = break_lines(items, [](std::size_t) { return 10.0; }, p);
  std::vector<std::size_t> expected;
  REQUIRE(std::isfinite(best_by_search(items, 10, p, expected)));
  CHECK(positions(breaks) == expected);
  int run = 0;
  for (const auto& b : breaks) {
    run = items[b.position].flagged ? run + 1 : 0;
    CHECK(run <= 2);
  }
}

TEST_CASE("line breaker: forced breaks end lines, a word wider than the line still gets breaks", "[layout][break]") {
  std::vector<Item> items = paragraph({3, 3});
  items.insert(items.begin() + 1, Item::penalty_item(0, -kInfinity, false));  // a hard line break
  auto breaks = break_lines(items, [](std::size_t) { return 20.0; });
  REQUIRE(breaks.size() == 2);
  CHECK(breaks[0].position == 1);
  auto wide = paragraph({3, 50, 3});
  auto wb = break_lines(wide, [](std::size_t) { return 10.0; });
  REQUIRE_FALSE(wb.empty());
  CHECK(wb.back().position == wide.size() - 1);
}

TEST_CASE("line breaker: line widths may differ per line (a hanging indent)", "[layout][break]") {
  auto items = paragraph({3, 3, 3, 3, 3, 3, 3});
  auto breaks = break_lines(items, [](std::size_t line) { return line == 0 ? 7.0 : 11.0; });
  REQUIRE(breaks.size() == 3);
  CHECK(breaks[0].position == 3);  // two words on the narrow first line
  CHECK(breaks[1].position == 9);  // three on the next
}

TEST_CASE("line breaker: after a glued unit wider than the line, only that line overflows", "[layout][break]") {
  // Word 2 (8) is glued to word 3 (9) by an infinite penalty before their space: together wider
  // than the 10-wide line, so no break can make that line fit. The words after must still be set
  // on lines of their own, not all run on past the margin (a fuzzing finding).
  std::vector<Item> items;
  auto word = [&](double w) { items.push_back(Item::box(w)); };
  auto space = [&] { items.push_back(Item::glue(1, 1, 0.5)); };
  word(2);
  space();
  word(8);
  items.push_back(Item::penalty_item(0, kInfinity, false));
  space();
  word(9);
  for (int i = 0; i < 6; ++i) {
    space();
    word(4);
  }
  items.push_back(Item::penalty_item(0, kInfinity, false));
  items.push_back(Item::glue(0, 1000, 0));
  items.push_back(Item::penalty_item(0, -kInfinity, false));
  const auto breaks = break_lines(items, [](std::size_t) { return 10.0; });
  REQUIRE(breaks.size() >= 4);
  // Measure every line: only the one holding the glued pair may be wider than 10.
  std::size_t start = 0, overfull = 0;
  for (const auto& br : breaks) {
    double w = 0;
    while (start < br.position && items[start].type != Item::Type::Box) ++start;
    for (std::size_t k = start; k < br.position; ++k)
      if (items[k].type != Item::Type::Penalty) w += items[k].width;
    if (w > 10 + 1e-9) ++overfull;
    start = br.position + 1;
  }
  CHECK(overfull == 1);
}
