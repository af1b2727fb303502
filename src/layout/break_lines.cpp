// Knuth-Plass total-fit line breaking (layout stage). The structure follows the paper's
// algorithm: running sums of widths, an active list of feasible breakpoints, demerits
// (l + b)^2 + p^2 with extra demerits for consecutive hyphens and fitness-class jumps.
#include "layout/break_lines.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace bindery::layout {
namespace {

struct Sums {
  double width = 0, stretch = 0, shrink = 0;
};

struct Node {
  std::size_t position;
  std::size_t line;  // number of lines before this break
  int fitness;
  int hyphens;       // consecutive hyphenated lines ending here
  double total_demerits;
  double ratio;
  Sums sums;         // sums after this break (discarding glue/penalties that follow it)
  std::size_t previous;  // index in the node arena; kNone for the start
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool is_forced(const Item& it) { return it.type == Item::Type::Penalty && it.penalty <= -kInfinity; }

bool is_legal_break(const std::vector<Item>& items, std::size_t i) {
  const Item& it = items[i];
  if (it.type == Item::Type::Penalty) return it.penalty < kInfinity;
  if (it.type == Item::Type::Glue) return i > 0 && items[i - 1].type == Item::Type::Box;
  return false;
}

int fitness_class(double r) {
  if (r < -0.5) return 0;  // tight
  if (r <= 0.5) return 1;  // normal
  if (r <= 1) return 2;    // loose
  return 3;                // very loose
}

std::vector<Break> run(const std::vector<Item>& items, const std::function<double(std::size_t)>& line_width,
                       const BreakParams& p) {
  std::vector<Sums> prefix(items.size() + 1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    prefix[i + 1] = prefix[i];
    if (items[i].type != Item::Type::Penalty) prefix[i + 1].width += items[i].width;
    if (items[i].type == Item::Type::Glue) {
      prefix[i + 1].stretch += items[i].stretch;
      prefix[i + 1].shrink += items[i].shrink;
    }
  }
  // Sums at the start of the line after a break at b: glue and penalties after a break vanish.
  auto after_break = [&](std::size_t b) {
    std::size_t j = b + 1;
    while (j < items.size() && items[j].type != Item::Type::Box && !is_forced(items[j])) ++j;
    return prefix[std::min(j, items.size())];
  };

  // Each line's width asked once: the breaker wants it for every active node at every legal
  // break, and a std::function call each was a tenth of setting a paragraph.
  std::vector<double> widths;
  auto width_of = [&](std::size_t line) {
    while (widths.size() <= line) widths.push_back(line_width(widths.size()));
    return widths[line];
  };
  // Nodes live in one arena and refer to each other by index: no allocation per candidate.
  std::vector<Node> arena;
  arena.push_back(Node{0, 0, 1, 0, 0, 0, Sums{}, kNone});
  std::vector<std::size_t> active{0}, next_active;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!is_legal_break(items, i)) continue;
    const Item& it = items[i];
    const double pen_width = it.type == Item::Type::Penalty ? it.width : 0;
    next_active.clear();
    // Best candidate per fitness class, as in the paper.
    std::optional<Node> best[4];
    std::optional<Sums> after;  // after_break(i), worked out once
    for (std::size_t ai : active) {
      const Node* a = &arena[ai];
      const Sums& s = a->sums;
      const double width = prefix[i].width - s.width + pen_width;
      const double target = width_of(a->line);
      double ratio;
      if (width < target) {
        const double st = prefix[i].stretch - s.stretch;
        ratio = st > 0 ? (target - width) / st : (is_forced(it) ? 0 : std::numeric_limits<double>::infinity());
      } else if (width > target) {
        const double sh = prefix[i].shrink - s.shrink;
        ratio = sh > 0 ? (target - width) / sh : -std::numeric_limits<double>::infinity();
      } else {
        ratio = 0;
      }
      // The last line of a paragraph is set with its natural spacing (parfillskip).
      if (is_forced(it) && ratio > 0) ratio = 0;
      const bool deactivate = ratio < -1 || is_forced(it);
      if (!deactivate) next_active.push_back(ai);
      if (ratio < -1 || ratio > p.tolerance) continue;
      const int hyphens = it.flagged ? a->hyphens + 1 : 0;
      if (hyphens > p.max_consecutive_hyphens) continue;
      const double r = std::abs(ratio);
      const double badness = 100 * (r * r * r);
      const double l = p.line_penalty + badness;
      double demerits = l * l;
      if (it.type == Item::Type::Penalty && it.penalty >= 0) demerits += it.penalty * it.penalty;
      else if (it.type == Item::Type::Penalty && !is_forced(it)) demerits -= it.penalty * it.penalty;
      if (it.flagged && a->hyphens > 0) demerits += p.flagged_demerits;
      const int fit = fitness_class(ratio);
      if (std::abs(fit - a->fitness) > 1) demerits += p.fitness_demerits;
      const double total = a->total_demerits + demerits;
      if (!best[fit] || total < best[fit]->total_demerits) {
        if (!after) after = after_break(i);
        best[fit] = Node{i, a->line + 1, fit, hyphens, total, ratio, *after, ai};
      }
    }
    for (auto& b : best)
      if (b) {
        arena.push_back(*b);
        next_active.push_back(arena.size() - 1);
      }
    std::swap(active, next_active);
    if (active.empty()) return {};  // nothing feasible: the caller loosens or falls back
  }
  std::size_t end = kNone;
  for (std::size_t ai : active)
    if (arena[ai].position == items.size() - 1 && (end == kNone || arena[ai].total_demerits < arena[end].total_demerits)) end = ai;
  if (end == kNone) return {};
  std::vector<Break> out;
  for (std::size_t n = end; n != kNone && arena[n].previous != kNone; n = arena[n].previous)
    out.push_back({arena[n].position, arena[n].ratio});
  return {out.rbegin(), out.rend()};
}

}  // namespace

std::vector<Break> break_first_fit(const std::vector<Item>& items, const std::function<double(std::size_t)>& line_width) {
  std::vector<Break> out;
  double width = 0;
  std::size_t last_legal = items.size();
  double width_at_legal = 0;
  std::size_t line = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (is_forced(it)) {
      out.push_back({i, 0});
      width = 0;
      last_legal = items.size();
      ++line;
      continue;
    }
    const bool legal = is_legal_break(items, i);
    const double extra = it.type == Item::Type::Penalty ? 0 : it.width;
    // Ends the line at `at` and restarts the count after it, skipping discardable items.
    auto break_at = [&](std::size_t at, double ratio) {
      out.push_back({at, ratio});
      std::size_t j = at + 1;
      while (j < i && items[j].type != Item::Type::Box) ++j;
      width = 0;
      for (std::size_t k = j; k < i; ++k)
        if (items[k].type != Item::Type::Penalty) width += items[k].width;
      last_legal = items.size();
      ++line;
    };
    if (legal && width + (it.type == Item::Type::Penalty ? it.width : 0) <= line_width(line)) {
      last_legal = i;
      width_at_legal = width;
    } else if (legal && last_legal == items.size() && width > line_width(line)) {
      // Already overfull with nowhere earlier to break (boxes glued together wider than the
      // line): break at the first chance, so only this line overflows, not the rest.
      break_at(i, 0);
      continue;  // the break itself (glue or penalty) is discarded
    }
    if (width + extra > line_width(line) && last_legal < items.size() && it.type == Item::Type::Box)
      break_at(last_legal, width_at_legal < line_width(line) ? 1.0 : 0.0);
    width += extra;
  }
  return out;
}

std::vector<Break> break_lines(const std::vector<Item>& items, const std::function<double(std::size_t)>& line_width,
                               const BreakParams& params) {
  if (items.empty()) return {};
  auto breaks = run(items, line_width, params);
  if (!breaks.empty()) return breaks;
  BreakParams loose = params;
  loose.tolerance = 10;  // TeX's emergency pass, in spirit: accept loose lines before giving up
  breaks = run(items, line_width, loose);
  if (!breaks.empty()) return breaks;
  return break_first_fit(items, line_width);
}

}  // namespace bindery::layout
