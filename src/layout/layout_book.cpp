// Pagination (layout stage): blocks are set into lines and stacked onto pages, keeping headings
// with what follows, leaving no widow or orphan line, then running headers and footers are added.
// Cross-reference page numbers need the finished layout, so the whole book is laid out again
// until they stop changing.
#include <algorithm>
#include <cstdint>
#include <cmath>
#include <memory>

#include "diag/progress.hpp"
#include "layout/collect_flow.hpp"
#include "layout/layout.hpp"
#include "util/jobs.hpp"
#include "text/human_date.hpp"

namespace bindery::layout {
namespace {

// A block set into lines. The lines are shared so a later pass can reuse them when the block's
// text has not changed (only cross-references' page numbers change between passes).
struct SetBlock {
  const FlowBlock* block;
  std::shared_ptr<const std::vector<Line>> shared;
  double line_height;
  const std::vector<Line>& lines() const { return *shared; }
};

// Set lines of the previous pass, by position in the flow.
struct SetCache {
  std::vector<Piece> pieces;
  std::shared_ptr<const std::vector<Line>> lines;
  double line_height = 0;
};

bool same_pieces(const std::vector<Piece>& a, const std::vector<Piece>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].text != b[i].text || a[i].face != b[i].face || a[i].hard_break != b[i].hard_break || a[i].uri != b[i].uri ||
        a[i].dest != b[i].dest || a[i].contents != b[i].contents || a[i].node != b[i].node)
      return false;
  return true;
}

class Paginator {
 public:
  Paginator(const PageStyle& s, const FontMetrics& m, PageSet& out) : s_(s), m_(m), out_(out) { new_page(); }

  double measure() const { return s_.width - s_.margin_left - s_.margin_right; }
  // Nesting indents stop growing at a third of the measure: thousands of nested quotes or lists
  // would otherwise push their text off the page (the parse stage flattens only beyond 48 levels).
  double indent_left(const FlowBlock& b) const { return std::min(b.indent_left, measure() / 3); }

  SetBlock set(const FlowBlock& b) {
    auto lines = std::make_shared<std::vector<Line>>();
    SetBlock sb{&b, lines, 0};
    const double scale = b.style.size / s_.body_size;
    sb.line_height = b.kind == FlowBlock::Kind::Heading ? b.style.size * 1.3 : s_.leading * scale;
    const double width = measure() - indent_left(b) - b.indent_right;
    if (b.kind == FlowBlock::Kind::Code) {
      for (const auto& text : b.code_lines) {
        // Code keeps its line breaks; a line wider than the measure continues on the next line. It
        // is measured one code point at a time, so a line of any length is cut in linear time.
        std::size_t at = 0;
        do {
          std::size_t take = 0;
          double used = 0;
          while (at + take < text.size()) {
            std::size_t len = 1;
            while (at + take + len < text.size() && (static_cast<unsigned char>(text[at + take + len]) & 0xC0) == 0x80) ++len;
            const double w = m_.width(std::string_view(text).substr(at + take, len), Face::Mono, b.style.size);
            if (take > 0 && used + w > width) break;
            used += w;
            take += len;
          }
          Line l;
          Placed p;
          p.text = text.substr(at, take);
          p.face = Face::Mono;
          p.size = b.style.size;
          p.role = Role::Code;
          p.space_after = true;  // keeps code lines apart in extracted text
          p.width = m_.width(p.text, Face::Mono, b.style.size);
          if (!p.text.empty()) l.items.push_back(std::move(p));
          lines->push_back(std::move(l));
          at += take;
        } while (at < text.size());
      }
      return sb;
    }
    if (b.kind == FlowBlock::Kind::Rule || b.kind == FlowBlock::Kind::PageBreak) return sb;
    *lines = set_paragraph(b.pieces, b.style, m_, b.style.hyphenate ? hy_ : nullptr, [&](std::size_t) { return width; });
    return sb;
  }

  void set_hyphenator(const Hyphenator* hy) { hy_ = hy; }

  // Places a run of blocks; `next` lets a heading see the block it must stay with.
  void place(const std::vector<SetBlock>& blocks) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
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
        page().items.push_back(r);
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
        for (std::size_t k = 0; k < take; ++k) place_line(b, sb.lines()[done + k], sb.line_height, done + k);
        done += take;
        if (done < n) new_page();
      }
      y_ -= b.space_after;
    }
  }

  void carry_last_lines(const SetBlock& prev) {
    auto& items = page().items;
    std::uint32_t last_line = 0, first_line = UINT32_MAX;
    for (const auto& it : items) {
      if (it.block != block_counter_ || it.kind != Placed::Kind::Text) continue;
      last_line = std::max(last_line, it.line);
      first_line = std::min(first_line, it.line);
    }
    if (first_line == UINT32_MAX || last_line + 1 != prev.lines().size() || last_line - first_line + 1 < 4) {
      new_page();
      return;
    }
    const std::uint32_t from = last_line - 1;
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const Placed& it) { return it.block == block_counter_ && it.line >= from; }),
                items.end());
    new_page();
    for (std::uint32_t k = from; k <= last_line; ++k) place_line(*prev.block, prev.lines()[k], prev.line_height, k);
    y_ -= prev.block->space_after;
  }

  // Draws a frame around what was placed on the current page since `from_y`.
  void frame_from(double from_y, std::size_t page_index, double pad) {
    Placed f;
    f.kind = Placed::Kind::Frame;
    // The frame lines up with the text column; its contents are inset by `pad`.
    f.x = s_.margin_left;
    f.width = measure();
    f.y = y_ - pad / 2;
    f.height = from_y - y_ + pad;
    f.colour = s_.accent_colour;
    f.role = Role::CrisisBox;
    out_.pages[page_index].items.insert(out_.pages[page_index].items.begin(), f);
  }

  double y() const { return y_; }
  bool fits(double height) const { return y_ - height >= bottom(); }
  std::size_t page_index() const { return out_.pages.size() - 1; }
  void skip(double space) {
    if (!at_top()) y_ -= space;
  }
  void new_page() {
    page_has_text_ = false;
    // Pages hold about as many words as the one before: reserving that (and room for the running
    // head and footer added last) saves the vector's doubling slack, a fifth of layout memory.
    const std::size_t expect = out_.pages.empty() ? 0 : out_.pages.back().items.size() + 8;
    out_.pages.emplace_back();
    out_.pages.back().items.reserve(expect);
    diag::report_progress(diag::Step::PagesLaidOut, out_.pages.size(), 0);
    y_ = s_.height - s_.margin_top;
  }

 private:
  Page& page() { return out_.pages.back(); }
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
  void note_page_start(const FlowBlock& b, const Line& line, std::size_t index) {
    if (page_has_text_) return;
    page_has_text_ = true;
    PageStart ps;
    ps.page = out_.pages.size() - 1;
    if (!b.node) {
      // Not from a chapter: page 1's title or the closing crisis box.
      ps.where = ps.page == 0 ? PageStart::Where::Title : PageStart::Where::CrisisBack;
    } else {
      ps.node = b.node;
      if (index > 0 && line.first_piece < b.pieces.size() && b.pieces[line.first_piece].node) {
        ps.node = b.pieces[line.first_piece].node;
        ps.offset = line.first_offset;
        ps.inside = true;
      }
    }
    out_.page_starts.push_back(ps);
  }

  void place_line(const FlowBlock& b, const Line& line, double line_height, std::size_t index) {
    const bool first = index == 0;
    if (!line.items.empty() || (first && !b.label.empty())) note_page_start(b, line, index);
    const double baseline = y_ - line_height * 0.78;
    const double left = s_.margin_left + indent_left(b);
    if (first && b.kind == FlowBlock::Kind::Heading && !b.id.empty()) {
      out_.anchors.push_back({b.id, b.title, b.level, out_.pages.size() - 1, y_});
    }
    if (first && !b.label.empty()) {
      Placed l;
      l.text = b.label;
      l.face = s_.text_font == "sans" ? Face::Sans : Face::Serif;
      l.size = b.style.size;
      l.width = m_.width(b.label, l.face, b.style.size);
      l.x = left - l.width - 5;
      l.y = baseline;
      l.role = Role::ListLabel;
      l.block = block_counter_;
      page().items.push_back(std::move(l));
    }
    for (const auto& it : line.items) {
      Placed p = it;
      p.block = block_counter_;
      p.line = static_cast<std::uint32_t>(index);
      p.colour = s_.text_colour;
      p.x += left;
      p.y = baseline;
      p.height = p.size;
      if (b.kind == FlowBlock::Kind::Code) p.role = Role::Code;
      page().items.push_back(std::move(p));
    }
    y_ -= line_height;
  }

  const PageStyle& s_;
  const FontMetrics& m_;
  PageSet& out_;
  const Hyphenator* hy_ = nullptr;
  double y_ = 0;
  std::uint32_t block_counter_ = 0;
  bool page_has_text_ = false;
};

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

PageSet layout_once(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    const std::map<std::string, std::size_t>& page_numbers, const Hyphenator& hy, std::vector<SetCache>& cache,
                    diag::Diagnostics& diags) {
  const auto& m = *book.manuscript;
  PageSet out;
  out.width = style.width;
  out.height = style.height;
  out.title = m.meta.title;
  out.author = m.meta.author;
  out.subject = m.meta.description;
  out.language = m.meta.language;
  Paginator pg(style, metrics, out);
  pg.set_hyphenator(&hy);

  // Page 1: the title block, then the crisis lines in a box, then the guide begins.
  std::vector<FlowBlock> title;
  auto title_line = [&](const std::string& t, Face f, double size, double after) {
    // The title is the page's h1; the subtitle and byline are paragraphs.
    title.push_back(plain_block({Piece{t, f, "", "", "", false}}, size, title.empty() ? Role::Heading1 : Role::Paragraph, after));
  };
  title_line(m.meta.title, Face::SansBold, 20, 4);
  if (!m.meta.subtitle.empty()) title_line(m.meta.subtitle, Face::Sans, 11, 4);
  std::string byline = m.meta.author;
  if (!m.meta.last_reviewed.empty()) byline += " \u00B7 Last reviewed " + text::human_date(m.meta.last_reviewed, m.meta.language);
  title_line(byline, Face::Sans, 9.5, 16);
  std::vector<SetBlock> set;
  for (const auto& b : title) set.push_back(pg.set(b));
  pg.place(set);

  const auto front = crisis_blocks(m.crisis, style, true);
  std::vector<FlowBlock> front_boxed = front;
  for (auto& b : front_boxed) b.indent_left = b.indent_right = 12;
  set.clear();
  for (const auto& b : front_boxed) set.push_back(pg.set(b));
  const double top = pg.y() - 4;
  pg.skip(4);
  const std::size_t box_page = pg.page_index();
  pg.place(set);
  pg.frame_from(top, box_page, 11);
  pg.skip(18);

  auto flow = collect_flow(book, style, page_numbers);
  cover_glyphs(flow, metrics, diags);
  set.clear();
  cache.resize(flow.size());
  // Setting a block (breaking its lines) depends on the block alone, not on where it lands: the
  // blocks not set in an earlier pass are set on two cores (a long book's first pass), then
  // placed in order on one.
  std::vector<char> fresh(flow.size());
  set.resize(flow.size());
  for (std::size_t i = 0; i < flow.size(); ++i) {
    const SetCache& c = cache[i];
    if (c.lines && same_pieces(c.pieces, flow[i].pieces)) set[i] = {&flow[i], c.lines, c.line_height};
    else fresh[i] = 1;
  }
  util::split_in_two(
      flow.size(), [&](std::size_t i) { return fresh[i] ? flow[i].pieces.size() + 1 : 0; }, 4096,
      [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t i = from; i < to; ++i)
          if (fresh[i]) set[i] = pg.set(flow[i]);
      });
  for (std::size_t i = 0; i < flow.size(); ++i)
    if (fresh[i]) cache[i] = {flow[i].pieces, set[i].shared, set[i].line_height};
  pg.place(set);

  // The last page: every crisis line again, larger, in the same frame as on page 1 (the page a
  // client keeps). It shares the page with the end of the guide when it fits there whole.
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

  // Running header and footer on every page but the first; they are artifacts, not content.
  for (std::size_t i = 1; i < out.pages.size(); ++i) {
    auto& items = out.pages[i].items;
    const double head_y = style.height - style.margin_top + 22;
    const double foot_y = style.margin_bottom - 30;
    const double measure = style.width - style.margin_left - style.margin_right;
    if (style.running_header)
      items.push_back(text_at(metrics, fit_line(metrics, m.meta.title, Face::Sans, 8, measure), Face::Sans, 8,
                              style.margin_left, head_y, style.muted_colour, Role::Header));
    const std::string number = std::to_string(i + 1);
    const double nw = metrics.width(number, Face::Sans, 8.5);
    items.push_back(text_at(metrics, number, Face::Sans, 8.5, style.width - style.margin_right - nw, foot_y, style.text_colour, Role::Footer));
    if (!style.footer_note.empty())
      items.push_back(text_at(metrics, fit_line(metrics, style.footer_note, Face::Sans, 8, measure - nw - 12), Face::Sans, 8,
                              style.margin_left, foot_y, style.muted_colour, Role::Footer));
  }
  return out;
}

}  // namespace

PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    diag::Diagnostics& diags) {
  const Hyphenator hy(book.manuscript->meta.language);
  return layout_book(book, metrics, style, hy, diags);
}

PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    const Hyphenator& hy, diag::Diagnostics& diags) {
  std::map<std::string, std::size_t> pages;
  PageSet out;
  std::vector<SetCache> cache;
  for (int pass = 0; pass < 5; ++pass) {
    // Glyph warnings are collected on the final pass only (each pass sees the same text).
    diag::Diagnostics pass_diags;
    out = PageSet{};  // the previous pass's pages are not needed now: don't hold two books at once
    out = layout_once(book, metrics, style, pages, hy, cache, pass_diags);
    std::map<std::string, std::size_t> now;
    for (const auto& a : out.anchors) now.emplace(a.id, a.page + 1);
    const bool stable = now == pages;
    pages = std::move(now);
    if (stable || pass == 4) {
      for (const auto& d : pass_diags.all()) diags.add(d.severity, d.kind, d.pos, d.has_pos, d.message);
      break;
    }
  }
  return out;
}

}  // namespace bindery::layout
