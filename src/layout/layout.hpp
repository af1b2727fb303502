// The layout stage's entry point: a resolved book into positioned pages (PageSet). It sees fonts
// only through FontMetrics; the PDF writer draws what it decides.
#pragma once
#include <functional>
#include <memory>

#include "layout/font_metrics.hpp"
#include "layout/hyphenate.hpp"
#include "layout/page_set.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::layout {

/// The handout style with the paper resolved to points.
struct PageStyle : load::HandoutStyle {
  double width = 595.276, height = 841.89;  ///< A4 (210 x 297 mm); US Letter is 612 x 792
  PageStyle() = default;
  explicit PageStyle(const load::HandoutStyle& h) : load::HandoutStyle(h) {
    if (paper == "letter") {
      width = 612;
      height = 792;
    }
  }
};

/// What a caller that needs neither the book's model nor its sources after the layout (a
/// handout-only build) may free while the layout grows, before the lines are set, which is when a
/// long book's layout is largest.
struct LayoutReleases {
  /// Chapter i's model has been read for the last time.
  std::function<void(std::size_t chapter)> chapter_collected;
  /// The flow is collected and its warnings (missing glyphs) are reported: no model or source is
  /// read again.
  std::function<void()> flow_ready;
};

/// A book whose page breaks are all decided: the passes that settle cross-reference page numbers
/// have run, counting lines only, and no placed item exists yet. `emit` places the pages again
/// the same way and hands each one over when it is finished, so a long book's pages are never
/// all in memory at once (the PDF writer draws and drops each).
class Layout {
 public:
  using PageSink = std::function<void(std::size_t index, Page&& page)>;
  Layout();
  ~Layout();
  Layout(Layout&&) noexcept;
  Layout& operator=(Layout&&) noexcept;
  /// The pages without their items: size, count, anchors, block tags, page starts, metadata.
  const PageSet& plan() const;
  /// Makes the pages in order, each with its running head and footer, and gives them to `sink`.
  void emit(const PageSink& sink) const;
  /// The same, freeing each block's lines and text as soon as its pages are made, then the rest
  /// (release_lines): the PDF writer's way, so the layout shrinks while the file grows.
  void emit_once(const PageSink& sink);
  /// The plan with every page (dumps, tests).
  PageSet collect() const;
  /// Frees what only `emit` needs (the set lines, a long book's largest structure) once the pages
  /// are made; plan() stays, emit() makes no more pages.
  void release_lines();
  /// Waits until release_lines()' freeing, which runs on the second core, is done.
  void released() const;

 private:
  struct State;
  /// Places the last pass's blocks again into pages for `sink`; `done(k)` is told when block k
  /// will not be looked at again (emit_once frees it then).
  static void make_pages(const State& st, const PageSink& sink, const std::function<void(std::size_t)>& done);
  std::unique_ptr<State> state_;
  friend Layout plan_layout(const resolve::ResolvedBook&, const FontMetrics&, const PageStyle&, const Hyphenator&,
                            diag::Diagnostics&, const LayoutReleases&);
};

/// Plans the book's pages; `book`'s manuscript, `metrics`, `style`'s owner and `hy` must outlive the
/// Layout. When the model is freed through `releases`, the plan's PageStart::node pointers point
/// at nothing and must not be followed.
Layout plan_layout(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                   const Hyphenator& hy, diag::Diagnostics& diags, const LayoutReleases& releases = {});

/// Lays the book out. Cross-references show the page they lead to ("Practice 2 (p. 7)"); since
/// that text changes the layout, pages are laid out again until every page number is stable.
PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    diag::Diagnostics& diags);
/// The same with a hyphenator already loaded (the driver loads it while the book is parsed).
PageSet layout_book(const resolve::ResolvedBook& book, const FontMetrics& metrics, const PageStyle& style,
                    const Hyphenator& hy, diag::Diagnostics& diags);

}  // namespace bindery::layout
