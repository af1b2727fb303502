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

// Longer words are cut between any two characters, so a set word's 29-bit length always holds.
constexpr std::size_t kLongWord = std::size_t{1} << 20;

struct Fragment {  // what a box draws: bytes [offset, offset + length) of a piece's text
  std::uint32_t piece = 0, offset = 0, length = 0;
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
  std::vector<std::pair<std::size_t, bool>> breaks{};  // add_word's, kept for its capacity
  std::size_t boxes = 0;

  void push(Item item, std::size_t piece = 0, std::size_t offset = 0, std::size_t length = 0) {
    boxes += item.type == Item::Type::Box;
    items.push_back(item);
    frags.push_back({static_cast<std::uint32_t>(piece), static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(length)});
  }

  void add_word(std::string_view word, std::size_t piece, std::size_t offset) {
    const Face face = pieces[piece].face;
    const double word_width = metrics.width(word, face, style.size);
    // A run of pieces wider than the measure may break where one piece meets the next (no hyphen
    // drawn: the join is not inside a word the reader knows); each piece is short enough or is
    // split below.
    if (run_width > 0 && !items.empty() && items.back().type == Item::Type::Box && run_width + word_width > max_width)
      push(Item::penalty_item(0, 50, false), piece);
    run_width += word_width;
    // A page number is one box: the layout replaces its text whole.
    const bool whole = pieces[piece].page_number;
    // Break after explicit hyphens too (unflagged: the hyphen is already there).
    breaks.clear();  // offset, needs a drawn hyphen
    if (style.hyphenate && hyphenator && face != Face::Mono && !whole)
      for (std::size_t c : hyphenator->points(word)) breaks.push_back({c, true});
    const std::size_t hyphenation_points = breaks.size();
    for (std::size_t i = 1; !whole && i + 1 < word.size(); ++i)
      if (word[i] == '-' && std::isalpha(static_cast<unsigned char>(word[i - 1]))) breaks.push_back({i + 1, false});
    if (breaks.size() > hyphenation_points) std::sort(breaks.begin(), breaks.end());
    // A word wider than the measure: allow a break between any two characters. So too for a word
    // of a million bytes that is narrower (zero-width marks): a set word's length has 29 bits.
    if ((word_width > max_width || word.size() >= kLongWord) && !whole) {
      breaks.clear();
      for (std::size_t i = 1; i < word.size(); ++i)
        if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) breaks.push_back({i, true});
    }
    const double hyphen = breaks.empty() ? 0 : metrics.width("-", face, style.size);
    std::size_t last = 0;
    for (const auto& [at, flagged] : breaks) {
      if (at <= last || at >= word.size()) continue;
      push(Item::box(metrics.width(word.substr(last, at - last), face, style.size)), piece, offset + last, at - last);
      push(Item::penalty_item(flagged ? hyphen : 0, flagged ? 100 : 50, true), piece);
      last = at;
    }
    push(Item::box(metrics.width(word.substr(last), face, style.size)), piece, offset + last, word.size() - last);
  }

  void add_space(std::size_t piece) {
    const Space sp = word_space(metrics, pieces[piece].face, style);
    push(Item::glue(sp.width, sp.stretch, sp.shrink), piece);
  }
};

}  // namespace

Space word_space(const FontMetrics& metrics, Face face, const ParagraphStyle& style) {
  const double w = metrics.width(" ", face, style.size);
  // Ragged right sets spaces at their natural width (the breaker is given stretch apart, below).
  return style.justify ? Space{w, w / 2, w / 3} : Space{w, 0, 0};
}

SetParagraph set_paragraph(const std::vector<Piece>& pieces, const ParagraphStyle& style, const FontMetrics& metrics,
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
      b.push(Item::glue(0, 1000, 0), p);
      b.push(Item::penalty_item(0, -kInfinity, false), p);
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
          b.push(Item::penalty_item(0, kInfinity, false), p);
        b.add_space(p);
      }
      pending_space = false;
      b.add_word(std::string_view(t).substr(i, j - i), p, i);
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

  SetParagraph out;
  out.lines.reserve(breaks.size());
  out.words.reserve(b.boxes);  // a word per box: held until the book is made, so no growth slack
  std::size_t start = 0;
  for (std::size_t n = 0; n < breaks.size(); ++n) {
    const Break& br = breaks[n];
    while (start < br.position && b.items[start].type != Item::Type::Box) ++start;
    Line line;
    line.first_word = static_cast<std::uint32_t>(out.words.size());
    bool empty = true;
    line.ratio = style.justify ? br.ratio : 0;
    bool spaced = false;  // glue since the last box
    const Piece* run = nullptr;  // the piece of the placed run the last word began
    for (std::size_t k = start; k < br.position; ++k) {
      const Item& it = b.items[k];
      if (it.type == Item::Type::Glue) {
        spaced = true;
      } else if (it.type == Item::Type::Box) {
        const Fragment& fr = b.frags[k];
        const Piece& pc = pieces[fr.piece];
        SetWord w;
        w.piece = fr.piece;
        w.offset = fr.offset;
        w.length = fr.length;
        w.spaced = spaced;
        spaced = false;
        // Syllables of one word join into one placed run, so text extraction sees whole words.
        w.joins = !empty && k > 0 && b.items[k - 1].type == Item::Type::Penalty && !pc.page_number && !run->page_number &&
                  run->face == pc.face && run->uri() == pc.uri() && run->dest() == pc.dest();
        if (!w.joins) run = &pc;
        // A space follows when the next thing that can be drawn is glue (a word space or a hard
        // break), not a hyphenation point, and not the paragraph's closing glue.
        std::size_t next = k + 1;
        while (next < b.items.size() && b.items[next].type == Item::Type::Penalty && b.items[next].penalty >= kInfinity) ++next;
        w.space_after = next + 2 < b.items.size() && b.items[next].type == Item::Type::Glue;
        out.words.push_back(w);
        empty = false;
      }
    }
    const Item& at = b.items[br.position];
    line.hyphenated = at.type == Item::Type::Penalty && at.flagged;
    // Its width is the hyphen's in the face of the word it splits, the line's last (place_words).
    line.hyphen = at.type == Item::Type::Penalty && at.flagged && at.width > 0 && !empty;
    out.lines.push_back(line);
    start = br.position + 1;
  }
  return out;
}

void place_words(const SetParagraph& set, std::size_t n, const std::vector<Piece>& pieces, const ParagraphStyle& style,
                 const FontMetrics& metrics, std::vector<Placed>& out) {
  const Line& line = set.lines[n];
  const std::uint32_t end = set.end_word(n);
  if (line.first_word == end) return;
  const std::size_t first = out.size();
  // x adds up as the breaker's glue and boxes did when the line was set (set_paragraph), the same
  // sums in the same order, so every word lands where it was set to the last bit.
  const double ratio = line.ratio;
  double x = 0;
  for (std::uint32_t i = line.first_word; i < end; ++i) {
    const SetWord& w = set.words[i];
    const Piece& pc = pieces[w.piece];
    const std::string_view text = std::string_view(pc.text).substr(w.offset, w.length);
    if (w.spaced) {
      const Space sp = word_space(metrics, pc.face, style);
      x += sp.width + (ratio > 0 ? ratio * sp.stretch : ratio * sp.shrink);
    }
    const double width = metrics.width(text, pc.face, style.size);
    const double at = x;
    x += width;
    if (w.joins && out.size() > first) {
      Placed& run = out.back();
      run.text += text;
      run.width += width;
      run.space_after = w.space_after;
      continue;
    }
    Placed pl;
    pl.kind = Placed::Kind::Text;
    pl.x = at;
    pl.text = text;
    pl.face = pc.face;
    pl.size = style.size;
    pl.width = width;
    pl.colour = style.colour;
    pl.role = pc.link && (!pc.uri().empty() || !pc.dest().empty()) ? Role::Link : style.role;
    pl.link = pc.uri().empty() && pc.dest().empty() ? nullptr : pc.link;
    pl.page_number = pc.page_number;
    pl.space_after = w.space_after;
    out.push_back(std::move(pl));
  }
  if (line.hyphen) {
    out.back().text += "-";  // the hyphen drawn at a hyphenated line end
    out.back().width += metrics.width("-", pieces[set.words[end - 1].piece].face, style.size);
  }
}

}  // namespace bindery::layout
