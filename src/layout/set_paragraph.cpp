// Paragraph setting (layout stage): words become boxes (split at hyphenation points into
// syllables joined by flagged penalties), spaces become glue, and the Knuth-Plass breaker chooses
// the lines. A word wider than the measure gets break points between its letters so nothing runs
// into the margin.
#include "layout/set_paragraph.hpp"

#include <algorithm>

#include "layout/break_lines.hpp"
#include "text/utf8.hpp"

namespace bindery::layout {
namespace {

struct Fragment {  // what a box draws
  std::string text;
  std::size_t piece;
  std::size_t offset;  // of `text` in the piece's text
};

struct Builder {
  const std::vector<Piece>& pieces;
  const ParagraphStyle& style;
  const FontMetrics& metrics;
  const Hyphenator* hyphenator;
  double max_width;
  std::vector<Item> items;
  std::vector<Fragment> frags;  // parallel to items (empty text for glue and penalties)
  // Width of the unspaced run the next word joins: pieces (emphasis, code, a stray `*`) meet with
  // no space between them, so one "word" can span many pieces.
  double run_width = 0;

  void push(Item item, std::string text = {}, std::size_t piece = 0, std::size_t offset = 0) {
    items.push_back(item);
    frags.push_back({std::move(text), piece, offset});
  }

  void add_word(const std::string& word, std::size_t piece, std::size_t offset) {
    const Face face = pieces[piece].face;
    const double hyphen = metrics.width("-", face, style.size);
    const double word_width = metrics.width(word, face, style.size);
    // A run of pieces wider than the measure may break where one piece meets the next (no hyphen
    // drawn: the join is not inside a word the reader knows); each piece is short enough or is
    // split below.
    if (run_width > 0 && !items.empty() && items.back().type == Item::Type::Box && run_width + word_width > max_width)
      push(Item::penalty_item(0, 50, false), "", piece);
    run_width += word_width;
    std::vector<std::size_t> cuts;
    // A page number is one box: the layout replaces its text whole.
    const bool whole = pieces[piece].page_number;
    if (style.hyphenate && hyphenator && face != Face::Mono && !whole) cuts = hyphenator->points(word);
    // Break after explicit hyphens too (unflagged: the hyphen is already there).
    std::vector<std::pair<std::size_t, bool>> breaks;  // offset, needs a drawn hyphen
    for (std::size_t c : cuts) breaks.push_back({c, true});
    for (std::size_t i = 1; !whole && i + 1 < word.size(); ++i)
      if (word[i] == '-' && std::isalpha(static_cast<unsigned char>(word[i - 1]))) breaks.push_back({i + 1, false});
    std::sort(breaks.begin(), breaks.end());
    // A word wider than the measure: allow a break between any two characters.
    if (word_width > max_width && !whole) {
      breaks.clear();
      for (std::size_t i = 1; i < word.size(); ++i)
        if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) breaks.push_back({i, true});
    }
    std::size_t last = 0;
    for (const auto& [at, flagged] : breaks) {
      if (at <= last || at >= word.size()) continue;
      std::string syl = word.substr(last, at - last);
      push(Item::box(metrics.width(syl, face, style.size)), syl, piece, offset + last);
      push(Item::penalty_item(flagged ? hyphen : 0, flagged ? 100 : 50, true), "", piece);
      last = at;
    }
    std::string rest = word.substr(last);
    push(Item::box(metrics.width(rest, face, style.size)), rest, piece, offset + last);
  }

  void add_space(std::size_t piece) {
    const double w = metrics.width(" ", pieces[piece].face, style.size);
    push(style.justify ? Item::glue(w, w / 2, w / 3) : Item::glue(w, 0, 0), "", piece);
    if (!style.justify) {
      // Ragged right: stretch lives in a penalty-separated glue pair (TeX's \raggedright idea).
      items.back().stretch = 0;
    }
  }
};

}  // namespace

std::vector<Line> set_paragraph(const std::vector<Piece>& pieces, const ParagraphStyle& style, const FontMetrics& metrics,
                                const Hyphenator* hyphenator, const std::function<double(std::size_t)>& line_width) {
  Builder b{pieces, style, metrics, hyphenator, line_width(1), {}, {}};
  // About one box, glue or penalty per two bytes of text: reserved once, not doubled as it grows.
  std::size_t bytes = 0;
  for (const auto& p : pieces) bytes += p.text.size();
  b.items.reserve(bytes / 2 + pieces.size() + 4);
  b.frags.reserve(bytes / 2 + pieces.size() + 4);
  bool pending_space = false;
  for (std::size_t p = 0; p < pieces.size(); ++p) {
    if (pieces[p].hard_break) {
      b.push(Item::glue(0, 1000, 0), "", p);
      b.push(Item::penalty_item(0, -kInfinity, false), "", p);
      b.run_width = 0;
      pending_space = false;
      continue;
    }
    const std::string& t = pieces[p].text;
    std::size_t i = 0;
    while (i < t.size()) {
      if (t[i] == ' ' || t[i] == '\n' || t[i] == '\t') {
        pending_space = true;
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < t.size() && t[j] != ' ' && t[j] != '\n' && t[j] != '\t') ++j;
      const double before = b.run_width;  // the unspaced run the space follows
      if (pending_space) b.run_width = 0;
      if (pending_space && !b.items.empty() && b.items.back().type == Item::Type::Box) {
        // A spaced dash stays with the word before it: no line starts with "—". Only when the
        // two fit on one line together (a fuzzed "word" of dashes and replacement characters
        // once made the pair wider than the measure, which no break could then fix).
        const std::string_view w(t.data() + i, j - i);
        if ((w.rfind("\u2014", 0) == 0 || w.rfind("\u2013", 0) == 0) &&
            before + 2 * metrics.width(" ", pieces[p].face, style.size) + metrics.width(w, pieces[p].face, style.size) <= b.max_width)
          b.push(Item::penalty_item(0, kInfinity, false), "", p);
        b.add_space(p);
      }
      pending_space = false;
      b.add_word(t.substr(i, j - i), p, i);
      i = j;
    }
  }
  if (b.items.empty()) return {};
  b.push(Item::penalty_item(0, kInfinity, false));
  b.push(Item::glue(0, style.justify ? 1000 : 0, 0));
  b.push(Item::penalty_item(0, -kInfinity, false));
  BreakParams params;
  if (!style.justify) {
    // Ragged right: every line may end short, so give every glue generous stretch for the breaker
    // and set it at natural width afterwards.
    for (auto& it : b.items)
      if (it.type == Item::Type::Glue && it.width > 0) it.stretch = it.width * 6;
  }
  const auto breaks = break_lines(b.items, line_width, params);

  // One shared link target per linked piece, made on first use.
  std::vector<std::shared_ptr<const LinkTarget>> links(pieces.size());
  auto link_of = [&](std::size_t piece) {
    const Piece& pc = pieces[piece];
    if (pc.uri.empty() && pc.dest.empty()) return std::shared_ptr<const LinkTarget>();
    if (!links[piece]) links[piece] = std::make_shared<const LinkTarget>(LinkTarget{pc.uri, pc.dest, pc.contents});
    return links[piece];
  };
  std::vector<Line> lines;
  std::size_t start = 0;
  for (std::size_t n = 0; n < breaks.size(); ++n) {
    const Break& br = breaks[n];
    while (start < br.position && b.items[start].type != Item::Type::Box) ++start;
    Line line;
    line.width = line_width(n);
    const double ratio = style.justify ? br.ratio : 0;
    double x = 0;
    for (std::size_t k = start; k < br.position; ++k) {
      const Item& it = b.items[k];
      if (it.type == Item::Type::Glue) {
        x += it.width + (ratio > 0 ? ratio * it.stretch : ratio * it.shrink);
      } else if (it.type == Item::Type::Box) {
        const Piece& pc = pieces[b.frags[k].piece];
        if (line.items.empty()) {
          line.first_piece = b.frags[k].piece;
          line.first_offset = b.frags[k].offset;
        }
        // Syllables of one word join into one placed run, so text extraction sees whole words.
        if (!line.items.empty() && k > 0 && b.items[k - 1].type == Item::Type::Penalty && b.frags[k - 1].text.empty() &&
            !pc.page_number && !line.items.back().page_number && line.items.back().face == pc.face && line.items.back().uri() == pc.uri && line.items.back().dest() == pc.dest) {
          line.items.back().text += b.frags[k].text;  // each box is in one line: read once
          line.items.back().width += it.width;
        } else {
          Placed pl;
          pl.kind = Placed::Kind::Text;
          pl.x = x;
          pl.text = std::move(b.frags[k].text);  // each box is in one line: read once
          pl.face = pc.face;
          pl.size = style.size;
          pl.width = it.width;
          pl.colour = style.colour;
          pl.role = (!pc.uri.empty() || !pc.dest.empty()) ? Role::Link : style.role;
          pl.link = link_of(b.frags[k].piece);
          pl.page_number = pc.page_number;
          line.items.push_back(std::move(pl));
        }
        x += it.width;
        // A space follows when the next thing that can be drawn is glue (a word space or a hard
        // break), not a hyphenation point, and not the paragraph's closing glue.
        std::size_t n = k + 1;
        while (n < b.items.size() && b.items[n].type == Item::Type::Penalty && b.items[n].penalty >= kInfinity) ++n;
        line.items.back().space_after = n + 2 < b.items.size() && b.items[n].type == Item::Type::Glue;
      }
    }
    const Item& at = b.items[br.position];
    line.hyphenated = at.type == Item::Type::Penalty && at.flagged;
    if (at.type == Item::Type::Penalty && at.flagged && at.width > 0 && !line.items.empty()) {
      line.items.back().text += "-";  // the hyphen drawn at a hyphenated line end
      line.items.back().width += at.width;
    }
    lines.push_back(std::move(line));
    start = br.position + 1;
  }
  return lines;
}

}  // namespace bindery::layout
