// See fake_layout.hpp.
#include "fake_layout.hpp"

#include "parse/parse.hpp"
#include "support.hpp"

namespace testing {
using namespace bindery;

double FakeMetrics::width(std::string_view s, layout::Face, double size) const {
  double n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // code points
  return n * size * 0.5;
}

std::unique_ptr<FakeBuilt> lay_out_fake(const std::string& scratch_name, const std::string& markdown,
                                        const load::HandoutStyle* style) {
  auto b = std::make_unique<FakeBuilt>();
  const auto dir = scratch(scratch_name);
  write_file(dir / "book.md", markdown);
  b->m = load::load_manuscript(dir / "book.md", {}, b->files, b->diags);
  b->book = resolve::resolve_book(parse::parse_book(b->m, b->files, b->diags), b->m, b->files, b->diags);
  FakeMetrics metrics;
  b->pages = layout::layout_book(b->book, metrics, layout::PageStyle(style ? *style : b->m.handout), b->diags);
  return b;
}

}  // namespace testing
