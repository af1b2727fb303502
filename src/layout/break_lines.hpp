// Total-fit line breaking over boxes, glue and penalties (Knuth & Plass, "Breaking Paragraphs into
// Lines", Software: Practice and Experience 11, 1981). Layout stage for the PDF (issue #4); it sees
// only widths, so it is tested with fake widths.
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

namespace bindery::layout {

/// One element of a paragraph, in points.
struct Item {
  enum class Type { Box, Glue, Penalty };
  Type type = Type::Box;
  double width = 0;
  double stretch = 0;   ///< glue only
  double shrink = 0;    ///< glue only
  double penalty = 0;   ///< penalty only; <= -kInfinity forces a break, >= kInfinity forbids one
  bool flagged = false; ///< penalty only: a hyphenation point (a hyphen is drawn if broken here)

  static Item box(double w) { return {Type::Box, w, 0, 0, 0, false}; }
  static Item glue(double w, double st, double sh) { return {Type::Glue, w, st, sh, 0, false}; }
  static Item penalty_item(double w, double p, bool flagged) { return {Type::Penalty, w, 0, 0, p, flagged}; }
};

inline constexpr double kInfinity = 10000;

struct BreakParams {
  double tolerance = 2.0;         ///< the largest adjustment ratio a line may have (TeX's 200 badness ~ 1.26)
  double line_penalty = 10;       ///< TeX's \linepenalty
  double flagged_demerits = 10000; ///< two hyphenated lines in a row (TeX's \doublehyphendemerits)
  double fitness_demerits = 100;  ///< adjacent lines of very different tightness (TeX's \adjdemerits)
  int max_consecutive_hyphens = 2;
};

/// A chosen break: the index of the item broken at (a glue or penalty), and the line's ratio.
struct Break {
  std::size_t position;
  double ratio;
};

/// Chooses breaks that minimise total demerits; `line_width(n)` gives the width of line n (0-based).
/// The paragraph must end with a forced break (penalty <= -kInfinity). If no feasible set of breaks
/// exists within the tolerance, it retries with a looser one, then falls back to first fit, so it
/// always returns breaks. The last break is the paragraph's end.
std::vector<Break> break_lines(const std::vector<Item>& items, const std::function<double(std::size_t)>& line_width,
                               const BreakParams& params = {});

/// First fit: fills each line as far as it goes (the fallback; also useful for comparison).
std::vector<Break> break_first_fit(const std::vector<Item>& items, const std::function<double(std::size_t)>& line_width);

}  // namespace bindery::layout
