// Pagination (layout stage): blocks are set into lines and stacked onto pages, keeping headings
// with what follows, leaving no widow or orphan line, then running headers and footers are added.
// Cross-reference page numbers need the finished layout, so the book is paginated again until
// they stop changing; those passes only count lines. Then the pages are made once, one at a time,
// for whoever draws them (architecture.md, "Page references to a fixed point").
#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <deque>
#include <future>
#include <memory>
#include <stdexcept>

#include "diag/progress.hpp"
#include "layout/collect_flow.hpp"
#include "layout/layout.hpp"
#include "util/jobs.hpp"
#include "text/human_date.hpp"

namespace bindery::layout {
namespace {

// A running head or footer note longer than its room (a very long title, a long footer-note) is
// cut at a code point and ends in an ellipsis, so it never runs off the page. Measured one code
// point at a time: linear in the text's length.
std::string fit_line(const FontMetrics& m, const std::string& t, Face f, double size, double room) {
  if (m.width(t, f, size) <= room) return t;
  const std::string ellipsis = "\u2026";
  const double budget = room - m.width(ellipsis, f, size);
  std::size_t take = 0;
  double used = 0;
  while (take < t.size()) {
    std::size_t len = 1;
    while (take + len < t.size() && (static_cast<unsigned char>(t[take + len]) & 0xC0) == 0x80) ++len;
    const double w = m.width(std::string_view(t).substr(take, len), f, size);
    if (used + w > budget) break;
    used += w;
    take += len;
  }
  return t.substr(0, take) + ellipsis;
}

Placed text_at(const FontMetrics& m, const std::string& t, Face f, double size, double x, double y, unsigned colour, Role role) {
  Placed p;
  p.text = t;
  p.face = f;
  p.size = size;
  p.width = m.width(t, f, size);
  p.x = x;
  p.y = y;
  p.colour = colour;
  p.role = role;
  return p;
}

// A block set into lines. The lines are shared so a later pass can reuse them when the block's
// text has not changed.
struct SetBlock {
  const FlowBlock* block;
  std::shared_ptr<const SetParagraph> shared;
  double line_height;
  const std::vector<Line>& lines() const { return shared->lines; }
};

// A heading's page number as a cross-reference prints it: "00" while it has none.
std::string page_of(const std::map<std::string, std::size_t>& pages, const std::string& id) {
  auto it = pages.find(id);
  return it == pages.end() ? "00" : std::to_string(it->second);
}

// The text column's width, and a block's left indent in it. Nesting indents stop growing at a
// third of the measure: thousands of nested quotes or lists would otherwise push their text off
// the page (the parse stage flattens only beyond 48 levels).
double measure(const PageStyle& s) { return s.width - s.margin_left - s.margin_right; }
double indent_left(const FlowBlock& b, const PageStyle& s) { return std::min(b.indent_left, measure(s) / 3); }

// Sets a block into lines. It depends on the block alone, not on where it lands: the layout
// passes set blocks on two cores and keep them while their text is unchanged.
SetBlock set_block(const FlowBlock& b, const PageStyle& s, const FontMetrics& m, const Hyphenator* hy) {
  auto set = std::make_shared<SetParagraph>();
  SetBlock sb{&b, set, 0};
  const double scale = b.style.size / s.body_size;
  sb.line_height = b.kind == FlowBlock::Kind::Heading ? b.style.size * 1.3 : s.leading * scale;
  const double width = measure(s) - indent_left(b, s) - b.indent_right;
  if (b.kind == FlowBlock::Kind::Code) {
    for (std::size_t c = 0; c < b.code_lines().size(); ++c) {
      const std::string& text = b.code_lines()[c];
      // Code keeps its line breaks; a line wider than the measure continues on the next line. It
      // is measured one code point at a time, so a line of any length is cut in linear time.
      std::size_t at = 0;
      do {
        std::size_t take = 0;
        double used = 0;
        while (at + take < text.size()) {
          std::size_t len = 1;
          while (at + take + len < text.size() && (static_cast<unsigned char>(text[at + take + len]) & 0xC0) == 0x80) ++len;
          const double w = m.width(std::string_view(text).substr(at + take, len), Face::Mono, b.style.size);
          // (A code line of a million zero-width marks is cut too: a set word's length has 29 bits.)
          if (take > 0 && (used + w > width || take >= (std::size_t{1} << 20))) break;
          used += w;
          take += len;
        }
        // A word of code line `c`; its placed run keeps a space after it, which keeps code
        // lines apart in extracted text.
        Line l;
        l.first_word = static_cast<std::uint32_t>(set->words.size());
        if (take > 0) {
          SetWord w;
          w.piece = static_cast<std::uint32_t>(c);
          w.offset = static_cast<std::uint32_t>(at);
          w.length = static_cast<std::uint32_t>(take);
          w.space_after = true;
          set->words.push_back(w);
        }
        set->lines.push_back(l);
        at += take;
      } while (at < text.size());
    }
    return sb;
  }
  if (b.kind == FlowBlock::Kind::Rule || b.kind == FlowBlock::Kind::PageBreak) return sb;
  *set = set_paragraph(b.pieces, b.style, m, b.style.hyphenate ? hy : nullptr, [&](std::size_t) { return width; });
  return sb;
}

// Places set blocks onto pages. Without a sink it only counts: it decides every page break and
// records anchors, block tags and page starts, but makes no placed item (the passes that settle
// page numbers). With a sink it makes the same pages and hands each one over once nothing can
// change it any more; pages are held back only while a box may still get its frame.
class Paginator {
 public:
  Paginator(const PageStyle& s, const FontMetrics& m, PageSet& out, const Layout::PageSink* sink,
            const std::map<std::string, std::size_t>* numbers = nullptr)
      : s_(s), m_(m), out_(out), sink_(sink), numbers_(numbers) {
    new_page();
  }

  double measure() const { return layout::measure(s_); }
  double indent_left(const FlowBlock& b) const { return layout::indent_left(b, s_); }
  SetBlock set(const FlowBlock& b) const { return set_block(b, s_, m_, hy_); }

  void set_hyphenator(const Hyphenator* hy) { hy_ = hy; }

  // Places a run of blocks; `next` lets a heading see the block it must stay with. `done(k)` is
  // told when block k will not be looked at again (the block before the current one may still
  // give its last lines to the next page, so it is two behind).
  void place(const std::vector<SetBlock>& blocks, const std::function<void(std::size_t)>& done = {}) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (done && i >= 2) done(i - 2);
      const SetBlock& sb = blocks[i];
      const FlowBlock& b = *sb.block;
      if (b.kind == FlowBlock::Kind::PageBreak) {
        new_page();
        continue;
      }
      if (b.kind == FlowBlock::Kind::Rule) {
        skip(b.space_before);
        if (y_ - 1 < bottom()) new_page();
        Placed r;
        r.kind = Placed::Kind::Rule;
        r.x = s_.margin_left + measure() * 0.3;
        r.y = y_;
        r.width = measure() * 0.4;
        r.height = 0.5;
        r.colour = s_.muted_colour;
        r.role = Role::Rule;
        if (sink_) page().items.push_back(r);
        y_ -= b.space_after;
        continue;
      }
      skip(b.space_before);
      const std::size_t n = sb.lines().size();
      if (n == 0) continue;
      // A block that belongs to the one before it (a back-link list) must not open a page alone:
      // take the previous paragraph's last two lines along, if four or more of them are here.
      if (b.keep_with_previous && i > 0 && y_ - static_cast<double>(n) * sb.line_height < bottom() && !at_top())
        carry_last_lines(blocks[i - 1]);
      ++block_counter_;
      out_.blocks.push_back({tag_role(b), b.groups});
      // Keep a heading with what must follow it: the first two lines of the next block, or all of
      // a short one (it cannot split) with the back-link list that belongs to it.
      auto must_follow = [&](std::size_t k) {
        if (k >= blocks.size()) return 0.0;
        const SetBlock& f = blocks[k];
        const double lines = static_cast<double>(f.lines().size() < 4 ? f.lines().size() : 2);
        double h = f.block->space_before + lines * f.line_height;
        if (f.lines().size() < 4 && k + 1 < blocks.size() && blocks[k + 1].block->keep_with_previous)
          h += f.block->space_after + static_cast<double>(blocks[k + 1].lines().size()) * blocks[k + 1].line_height;
        return h;
      };
      double needed = static_cast<double>(n) * sb.line_height;
      if (b.keep_with_next) {
        needed += b.space_after + must_follow(i + 1);
        if (i + 1 < blocks.size() && blocks[i + 1].block->keep_with_next) needed += must_follow(i + 2);
      } else if (n < 4 && i + 1 < blocks.size() && blocks[i + 1].block->keep_with_previous) {
        needed += b.space_after + static_cast<double>(blocks[i + 1].lines().size()) * blocks[i + 1].line_height;
      }
      const bool keeps = b.keep_with_next || (n < 4 && i + 1 < blocks.size() && blocks[i + 1].block->keep_with_previous);
      if (keeps && y_ - needed < bottom() && !at_top()) new_page();
      std::size_t done = 0;
      while (done < n) {
        // Space after a block can leave y_ below the bottom margin: then nothing fits (not -1 lines).
        const auto fit = static_cast<std::size_t>(std::max(0.0, std::floor((y_ - bottom() + 0.01) / sb.line_height)));
        std::size_t take = std::min(fit, n - done);
        if (take < n - done) {
          // No orphans (one line alone at a page's foot) and no widows (one line alone at the top).
          const std::size_t remaining = n - done;
          if (remaining - take < 2) take = remaining >= 4 ? remaining - 2 : 0;
          if (done == 0 && take < 2) take = 0;
          if (take == 0 && at_top()) take = std::max<std::size_t>(1, std::min(fit, remaining));  // taller than a page
          // A word is never split across pages (TeX's \brokenpenalty): end the page a line earlier.
          if (take > 2 && sb.lines()[done + take - 1].hyphenated && (done > 0 || take - 1 >= 2)) --take;
        }
        for (std::size_t k = 0; k < take; ++k) place_line(sb, done + k);
        done += take;
        if (done < n) new_page();
      }
      y_ -= b.space_after;
    }
  }

  void carry_last_lines(const SetBlock& prev) {
    // The previous block's lines on this page, as place_line recorded them.
    if (tail_block_ != block_counter_ || tail_last_ + 1 != prev.lines().size() || tail_last_ - tail_first_ + 1 < 4) {
      new_page();
      return;
    }
    const std::uint32_t from = tail_last_ - 1, last_line = tail_last_;
    if (sink_) {
      auto& items = page().items;
      items.erase(std::remove_if(items.begin(), items.end(),
                                 [&](const Placed& it) { return it.block == block_counter_ && it.line >= from; }),
                  items.end());
    }
    new_page();
    for (std::uint32_t k = from; k <= last_line; ++k) place_line(prev, k);
    y_ -= prev.block->space_after;
  }

  // Draws a frame around what was placed on page `page_index` since `from_y` (a held page).
  void frame_from(double from_y, std::size_t page_index, double pad) {
    if (!sink_) return;
    if (page_index < held_from_ || page_index - held_from_ >= held_.size())
      throw std::logic_error("layout: a framed page was handed over before its frame");
    Placed f;
    f.kind = Placed::Kind::Frame;
    // The frame lines up with the text column; its contents are inset by `pad`.
    f.x = s_.margin_left;
    f.width = measure();
    f.y = y_ - pad / 2;
    f.height = from_y - y_ + pad;
    f.colour = s_.accent_colour;
    f.role = Role::CrisisBox;
    auto& items = held_[page_index - held_from_].items;
    items.insert(items.begin(), f);
  }

  // While held, finished pages wait (a box's frame is added to its page after the box is placed).
  void hold(bool on) {
    hold_ = on;
    if (!on) hand_over(false);
  }
  // Hands over every page left, the last one too.
  void finish() { hand_over(true); }
  std::size_t page_count() const { return count_; }

  double y() const { return y_; }
  bool fits(double height) const { return y_ - height >= bottom(); }
  std::size_t page_index() const { return count_ - 1; }
  void skip(double space) {
    if (!at_top()) y_ -= space;
  }
  void new_page() {
    page_has_text_ = false;
    tail_block_ = 0;
    ++count_;
    diag::report_progress(diag::Step::PagesLaidOut, count_, 0);
    y_ = s_.height - s_.margin_top;
    if (!sink_) return;
    // Pages hold about as many words as the one before: reserving that (and room for the running
    // head and footer added last) saves the vector's doubling slack.
    const std::size_t expect = held_.empty() ? 0 : held_.back().items.size() + 8;
    held_.emplace_back();
    held_.back().items.reserve(expect);
    if (!hold_) hand_over(false);
  }

 private:
  Page& page() { return held_.back(); }

  // The finished pages (all but the current one unless `all`) get their running head and footer
  // and go to the sink, in order.
  void hand_over(bool all) {
    while (held_.size() > (all ? 0u : 1u)) {
      running_head_and_footer(held_from_, held_.front().items);
      (*sink_)(held_from_, std::move(held_.front()));
      held_.pop_front();
      ++held_from_;
    }
  }

  // Running header and footer on every page but the first; they are artifacts, not content.
  void running_head_and_footer(std::size_t i, std::vector<Placed>& items) const {
    if (i == 0) return;
    const double head_y = s_.height - s_.margin_top + 22;
    const double foot_y = s_.margin_bottom - 30;
    const double measure = s_.width - s_.margin_left - s_.margin_right;
    if (s_.running_header)
      items.push_back(text_at(m_, fit_line(m_, out_.title, Face::Sans, 8, measure), Face::Sans, 8, s_.margin_left, head_y,
                              s_.muted_colour, Role::Header));
    const std::string number = std::to_string(i + 1);
    const double nw = m_.width(number, Face::Sans, 8.5);
    items.push_back(text_at(m_, number, Face::Sans, 8.5, s_.width - s_.margin_right - nw, foot_y, s_.text_colour, Role::Footer));
    if (!s_.footer_note.empty())
      items.push_back(text_at(m_, fit_line(m_, s_.footer_note, Face::Sans, 8, measure - nw - 12), Face::Sans, 8, s_.margin_left,
                              foot_y, s_.muted_colour, Role::Footer));
  }
  double bottom() const { return s_.margin_bottom; }
  bool at_top() const { return y_ >= s_.height - s_.margin_top - 0.01; }

  // What the block is in the PDF's structure tree: a heading, code, or else a paragraph.
  static Role tag_role(const FlowBlock& b) {
    switch (b.style.role) {
      case Role::Heading1: case Role::Heading2: case Role::Heading3: case Role::Code: return b.style.role;
      default: return Role::Paragraph;
    }
  }

  // The first line on a page says where the page begins, for the EPUB's page marks.
  void note_page_start(const FlowBlock& b, const SetParagraph& set, std::size_t index) {
    const Line& line = set.lines[index];
    if (page_has_text_) return;
    page_has_text_ = true;
    PageStart ps;
    ps.page = count_ - 1;
    if (!b.node) {
      // Not from a chapter: page 1's title or the closing crisis box.
      ps.where = ps.page == 0 ? PageStart::Where::Title : PageStart::Where::CrisisBack;
    } else {
      ps.node = b.node;
      const SetWord* first = set.empty(index) ? nullptr : &set.words[line.first_word];  // where its text begins
      const std::uint32_t piece = first ? first->piece : 0;
      if (index > 0 && piece < b.pieces.size() && b.pieces[piece].node) {
        ps.node = b.pieces[piece].node;
        ps.offset = first ? first->offset : 0;
        ps.inside = true;
      }
    }
    out_.page_starts.push_back(ps);
  }

  void place_line(const SetBlock& sb, std::size_t index) {
    const FlowBlock& b = *sb.block;
    const Line& line = sb.lines()[index];
    const double line_height = sb.line_height;
    const bool first = index == 0;
    const bool drawn = !sb.shared->empty(index) || (first && !b.label().empty());
    if (drawn) {
      note_page_start(b, *sb.shared, index);
      // Which of this block's lines are on the page, for carry_last_lines.
      const auto n = static_cast<std::uint32_t>(index);
      if (tail_block_ != block_counter_) tail_block_ = block_counter_, tail_first_ = tail_last_ = n;
      tail_first_ = std::min(tail_first_, n);
      tail_last_ = std::max(tail_last_, n);
    }
    const double baseline = y_ - line_height * 0.78;
    const double left = s_.margin_left + indent_left(b);
    if (first && b.kind == FlowBlock::Kind::Heading && !b.id().empty()) {
      out_.anchors.push_back({b.id(), b.title(), b.level, count_ - 1, y_});
    }
    y_ -= line_height;
    if (!sink_) return;
    auto& items = page().items;
    if (first && !b.label().empty()) {
      Placed l;
      l.text = b.label();
      l.face = s_.text_font == "sans" ? Face::Sans : Face::Serif;
      l.size = b.style.size;
      l.width = m_.width(b.label(), l.face, b.style.size);
      l.x = left - l.width - 5;
      l.y = baseline;
      l.role = Role::ListLabel;
      l.block = block_counter_;
      items.push_back(std::move(l));
    }
    const std::size_t from = items.size();
    if (b.kind == FlowBlock::Kind::Code) {
      for (std::uint32_t i = line.first_word, end = sb.shared->end_word(index); i < end; ++i) {
        const SetWord& w = sb.shared->words[i];
        Placed p;
        p.text = std::string_view(b.code_lines()[w.piece]).substr(w.offset, w.length);
        p.face = Face::Mono;
        p.size = b.style.size;
        p.width = m_.width(p.text, Face::Mono, b.style.size);
        p.space_after = w.space_after;
        items.push_back(std::move(p));
      }
    } else {
      place_words(*sb.shared, index, b.pieces, b.style, m_, items);
    }
    for (std::size_t i = from; i < items.size(); ++i) {
      Placed& p = items[i];
      p.block = block_counter_;
      p.line = static_cast<std::uint32_t>(index);
      p.colour = s_.text_colour;
      p.x += left;
      p.y = baseline;
      p.height = p.size;
      if (b.kind == FlowBlock::Kind::Code) p.role = Role::Code;
      // The number was set as zeros of the same count; figures are all one width.
      if (p.page_number && numbers_) p.text = page_number_text(page_of(*numbers_, p.dest()));
    }
  }

  const PageStyle& s_;
  const FontMetrics& m_;
  PageSet& out_;  // anchors, block tags, page starts
  const Layout::PageSink* sink_;  // null: count only
  const std::map<std::string, std::size_t>* numbers_;  // the page numbers cross-references print
  const Hyphenator* hy_ = nullptr;
  double y_ = 0;
  std::uint32_t block_counter_ = 0;
  bool page_has_text_ = false;
  std::size_t count_ = 0;  // pages begun
  std::deque<Page> held_;  // pages not handed over yet, the current one last
  std::size_t held_from_ = 0;  // the index of held_.front()
  bool hold_ = false;
  // The lines of block `tail_block_` on the current page, first and last.
  std::uint32_t tail_block_ = 0, tail_first_ = 0, tail_last_ = 0;
};

// The blocks of one pass: the flow with its cross-references' page numbers from the pass
// before, each block set into lines.
struct Pass {
  std::vector<FlowBlock> flow;
  std::vector<SetBlock> set;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> numbers;  // the page-number pieces: block, piece
};

// Sets the flow for `page_numbers`. The flow is collected once (the first pass); later passes
// change only the text of cross-references' page numbers, and only the blocks whose text changed
// are set again. Setting a block (breaking its lines) depends on the block alone, not on where it
// lands: the blocks to set are set on two cores.
void prepare(Pass& pass, const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
             const Hyphenator& hy, const std::map<std::string, std::size_t>& page_numbers, diag::Diagnostics& diags,
             const LayoutReleases* releases) {
  auto& flow = pass.flow;
  const bool first = flow.empty();
  std::string guess;  // the first pass's page number
  if (first) {
    flow = collect_flow(book, style, releases ? releases->chapter_collected : std::function<void(std::size_t)>{});
    cover_glyphs(flow, metrics, diags);
    if (releases && releases->flow_ready) releases->flow_ready();
    // The flow is kept until its pages are made: no growth slack in it (a fifth of its size).
    flow.shrink_to_fit();
    for (auto& b : flow) b.pieces.shrink_to_fit();
    pass.set.assign(flow.size(), SetBlock{});
    // No page is known yet. Numbers get as many digits as the book's last page probably has
    // (about 2,000 bytes of text a page), so the second pass need not set most cross-references
    // again only because "00" became "1234".
    std::size_t bytes = 0;
    for (const auto& b : flow)
      for (const auto& pc : b.pieces) bytes += pc.text.size();
    guess = std::to_string(bytes / 2000 + 2);
  }
  // A page number is set as zeros of its digit count in a face whose ten figures have one width
  // (every font Bindery embeds), so its block's lines stay when only the number changes; in any
  // other face, as the number itself.
  std::array<int, static_cast<int>(Face::Count)> tabular{};  // 0 unknown, 1 yes, -1 no
  auto figures_alike = [&](Face f) {
    int& t = tabular[static_cast<int>(f)];
    if (t == 0) {
      t = 1;
      for (char d = '1'; d <= '9'; ++d)
        if (metrics.width(std::string_view(&d, 1), f, 1) != metrics.width("0", f, 1)) t = -1;
    }
    return t > 0;
  };
  // The page-number pieces are found once: later passes visit only them, not the whole flow.
  if (first)
    for (std::size_t i = 0; i < flow.size(); ++i)
      for (std::size_t k = 0; k < flow[i].pieces.size(); ++k)
        if (flow[i].pieces[k].page_number) pass.numbers.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(k));
  std::vector<char> fresh(flow.size(), first ? 1 : 0);
  for (const auto& [i, k] : pass.numbers) {
    Piece& pc = flow[i].pieces[k];
    const std::string n = first ? guess : page_of(page_numbers, pc.dest());
    std::string text = page_number_text(figures_alike(pc.face) ? std::string(n.size(), '0') : n);
    if (text != pc.text) {
      pc.text = std::move(text);
      fresh[i] = 1;
    }
  }
  util::split_in_two(
      flow.size(), [&](std::size_t i) { return fresh[i] ? flow[i].pieces.size() + 1 : 0; }, 4096,
      [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t i = from; i < to; ++i)
          if (fresh[i]) pass.set[i] = set_block(flow[i], style, metrics, &hy);
      });
}

// Places the whole book: page 1's title and crisis box, the flow, the closing crisis box.
void place_book(Paginator& pg, const resolve::ResolvedBook& book, const PageStyle& style, const Pass& pass,
                const std::function<void(std::size_t)>& done = {}) {
  const auto& m = *book.manuscript;
  // The title block and the front crisis box: held until the box has its frame.
  pg.hold(true);
  std::vector<FlowBlock> title;
  auto title_line = [&](const std::string& t, Face f, double size, double after) {
    // The title is the page's h1; the subtitle and byline are paragraphs.
    title.push_back(plain_block({Piece{t, f}}, size, title.empty() ? Role::Heading1 : Role::Paragraph, after));
  };
  title_line(m.meta.title, Face::SansBold, 20, 4);
  if (!m.meta.subtitle.empty()) title_line(m.meta.subtitle, Face::Sans, 11, 4);
  std::string byline = m.meta.author;
  if (!m.meta.last_reviewed.empty()) byline += " \u00B7 Last reviewed " + text::human_date(m.meta.last_reviewed, m.meta.language);
  title_line(byline, Face::Sans, 9.5, 16);
  std::vector<SetBlock> set;
  for (const auto& b : title) set.push_back(pg.set(b));
  pg.place(set);

  std::vector<FlowBlock> front_boxed = crisis_blocks(m.crisis, style, true);
  for (auto& b : front_boxed) b.indent_left = b.indent_right = 12;
  set.clear();
  for (const auto& b : front_boxed) set.push_back(pg.set(b));
  const double top = pg.y() - 4;
  pg.skip(4);
  const std::size_t box_page = pg.page_index();
  pg.place(set);
  pg.frame_from(top, box_page, 11);
  pg.skip(18);
  pg.hold(false);

  pg.place(pass.set, done);

  // The last page: every crisis line again, larger, in the same frame as on page 1 (the page a
  // client keeps). It shares the page with the end of the guide when it fits there whole.
  pg.hold(true);
  auto back = crisis_blocks(m.crisis, style, false);
  for (auto& b : back) b.indent_left = b.indent_right = 16;
  set.clear();
  for (const auto& b : back) set.push_back(pg.set(b));
  double back_height = 48;  // the gap above the frame and its padding
  for (const auto& sb : set)
    back_height += sb.block->space_before + sb.block->space_after + static_cast<double>(sb.lines().size()) * sb.line_height;
  if (!pg.fits(back_height)) pg.new_page();
  pg.skip(30);
  const double back_top = pg.y() - 6;
  pg.skip(6);
  const std::size_t back_page = pg.page_index();
  pg.place(set);
  pg.frame_from(back_top, back_page, 16);
  pg.finish();
}

PageSet empty_plan(const resolve::ResolvedBook& book, const PageStyle& style) {
  const auto& m = *book.manuscript;
  PageSet out;
  out.width = style.width;
  out.height = style.height;
  out.title = m.meta.title;
  out.author = m.meta.author;
  out.subject = m.meta.description;
  out.language = m.meta.language;
  return out;
}

}  // namespace

struct Layout::State {
  const resolve::ResolvedBook* book = nullptr;
  const FontMetrics* metrics = nullptr;
  PageStyle style;
  const Hyphenator* hy = nullptr;
  Pass pass;       // the last pass's flow and lines, which `emit` places again
  std::map<std::string, std::size_t> numbers;  // the page numbers that pass's cross-references print
  bool released = false;  // release_lines() was called
  PageSet plan;    // everything but the pages' items
  // Freeing a long book's millions of set words takes a tenth of a second: it happens on the
  // second core while the PDF writer goes on, which waits for it at its end (released()).
  std::future<void> releasing;
};

Layout::Layout() = default;
Layout::~Layout() = default;
Layout::Layout(Layout&&) noexcept = default;
Layout& Layout::operator=(Layout&&) noexcept = default;

const PageSet& Layout::plan() const {
  static const PageSet kNone;  // nothing laid out (a build with errors)
  return state_ ? state_->plan : kNone;
}

void Layout::emit(const PageSink& sink) const {
  if (state_) make_pages(*state_, sink, {});
}

void Layout::emit_once(const PageSink& sink) {
  if (!state_) return;
  State& st = *state_;
  // A block's set lines and its text go as soon as its pages are made: a long book's largest
  // structures shrink while the PDF's grow.
  make_pages(st, sink, [&st](std::size_t k) {
    st.pass.set[k].shared.reset();
    std::vector<Piece>().swap(st.pass.flow[k].pieces);
    st.pass.flow[k].extra.reset();
  });
  release_lines();
}

void Layout::make_pages(const State& st, const PageSink& sink, const std::function<void(std::size_t)>& done) {
  if (st.released) throw std::logic_error("layout: pages made again after their lines were released");
  PageSet again = empty_plan(*st.book, st.style);
  Paginator pg(st.style, *st.metrics, again, &sink, &st.numbers);
  pg.set_hyphenator(st.hy);
  place_book(pg, *st.book, st.style, st.pass, done);
  // The same blocks placed the same way: anything else is a bug, never a different book.
  if (pg.page_count() != st.plan.page_count || again.anchors.size() != st.plan.anchors.size() ||
      again.page_starts.size() != st.plan.page_starts.size())
    throw std::logic_error("layout: the pages made differ from the pages planned");
}

void Layout::release_lines() {
  if (!state_ || state_->released) return;
  state_->released = true;
  auto doomed = std::make_unique<Pass>(std::move(state_->pass));
  if (util::jobs() >= 2) state_->releasing = std::async(std::launch::async, [d = std::move(doomed)]() mutable { d.reset(); });
}

void Layout::released() const {
  if (state_ && state_->releasing.valid()) state_->releasing.wait();
}

PageSet Layout::collect() const {
  PageSet out = plan();
  out.pages.reserve(out.page_count);
  emit([&](std::size_t, Page&& page) { out.pages.push_back(std::move(page)); });
  return out;
}

Layout plan_layout(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                   const Hyphenator& hy, diag::Diagnostics& diags, const LayoutReleases& releases) {
  Layout layout;
  layout.state_ = std::make_unique<Layout::State>();
  layout.state_->book = &book;
  layout.state_->metrics = &metrics;
  layout.state_->style = style;
  layout.state_->hy = &hy;
  Layout::State& st = *layout.state_;
  std::map<std::string, std::size_t> pages;
  for (int pass = 0; pass < 5; ++pass) {
    // Glyph warnings come from the first pass, which collects the flow.
    prepare(st.pass, book, metrics, style, hy, pages, diags, pass == 0 ? &releases : nullptr);
    st.plan = empty_plan(book, style);
    Paginator pg(style, metrics, st.plan, nullptr);
    pg.set_hyphenator(&hy);
    place_book(pg, book, style, st.pass);
    st.plan.page_count = pg.page_count();
    std::map<std::string, std::size_t> now;
    for (const auto& a : st.plan.anchors) now.emplace(a.id, a.page + 1);
    const bool stable = now == pages;
    st.numbers = std::move(pages);
    pages = std::move(now);
    if (stable || pass == 4) break;
  }
  return layout;
}

PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    diag::Diagnostics& diags) {
  const Hyphenator hy(book.manuscript->meta.language);
  return layout_book(book, metrics, style, hy, diags);
}

PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    const Hyphenator& hy, diag::Diagnostics& diags) {
  return plan_layout(book, metrics, style, hy, diags).collect();
}

}  // namespace bindery::layout
