// Pagination rules on small synthetic books with a fake font (every character half an em wide):
// no widow or orphan lines, headings kept with what follows, crisis lines on the first and last
// pages, and a golden `--dump=pages`-style text of a tiny book.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "layout/layout.hpp"
#include "load/manuscript.hpp"
#include "parse/parse.hpp"
#include "fake_layout.hpp"
#include "support.hpp"

using namespace bindery;

namespace {

std::unique_ptr<testing::FakeBuilt> lay_out(const std::string& name, const std::string& markdown, load::HandoutStyle style = {}) {
  return testing::lay_out_fake("pagination-" + name, markdown, &style);
}

std::string words(int n, const char* w = "word") {
  std::string s;
  for (int i = 0; i < n; ++i) s += std::string(i ? " " : "") + w;
  return s;
}

// Lines of each block on each page: (block, page) -> count; also the page of each heading block.
void check_rules(const layout::PageSet& set) {
  std::map<std::pair<std::uint32_t, std::size_t>, std::set<std::uint32_t>> lines;
  std::map<std::uint32_t, std::size_t> total;
  std::map<std::uint32_t, bool> heading;
  for (std::size_t p = 0; p < set.pages.size(); ++p) {
    for (const auto& it : set.pages[p].items) {
      if (it.block == 0 || it.kind != layout::Placed::Kind::Text) continue;
      lines[{it.block, p}].insert(it.line);
      heading[it.block] = it.role == layout::Role::Heading2 || it.role == layout::Role::Heading1 || it.role == layout::Role::Heading3;
    }
  }
  for (const auto& [key, set_lines] : lines) total[key.first] += set_lines.size();
  for (const auto& [key, set_lines] : lines) {
    const auto [block, page] = key;
    if (total[block] >= 4 && total[block] != set_lines.size()) {
      INFO("block " << block << " has " << set_lines.size() << " of " << total[block] << " lines on page " << page + 1);
      CHECK(set_lines.size() >= 2);  // no widow, no orphan
    }
    if (total[block] < 4) CHECK(total[block] == set_lines.size());  // short paragraphs never split
  }
  // A heading is never the last block on its page.
  for (std::size_t p = 0; p < set.pages.size(); ++p) {
    std::uint32_t last = 0;
    for (const auto& it : set.pages[p].items)
      if (it.block > last && it.role != layout::Role::Header && it.role != layout::Role::Footer) last = it.block;
    INFO("page " << p + 1);
    CHECK_FALSE(heading[last]);
  }
}

}  // namespace

TEST_CASE("pagination: no widows or orphans, headings kept with what follows", "[layout][pagination]") {
  // Paragraphs of many lengths so that page ends fall everywhere.
  std::string md = "# Book\n\n";
  for (int i = 0; i < 40; ++i) {
    md += "## Heading " + std::to_string(i) + "\n\n" + words(20 + (i * 37) % 160) + "\n\n";
    if (i % 3 == 0) md += words(8) + "\n\n";
  }
  auto b = lay_out("rules", md);
  REQUIRE(b->pages.pages.size() > 5);
  check_rules(b->pages);
}

TEST_CASE("pagination: a paragraph taller than a page is split, still without widows", "[layout][pagination]") {
  auto b = lay_out("tall", "# Tall\n\n" + words(3000) + "\n");
  REQUIRE(b->pages.pages.size() >= 4);
  check_rules(b->pages);
}

TEST_CASE("pagination: crisis lines sit on the first and the last page, as links", "[layout][pagination][crisis]") {
  auto b = lay_out("crisis", "# One\n\n" + words(2000) + "\n");
  auto uris_on = [&](std::size_t page) {
    std::set<std::string> out;
    for (const auto& it : b->pages.pages[page].items)
      if (!it.uri().empty()) out.insert(it.uri());
    return out;
  };
  const std::set<std::string> all{"tel:988", "sms:988", "tel:116123", "tel:131114", "tel:112", "sms:741741?body=HOME",
                                  "https://findahelpline.com"};
  CHECK(uris_on(0) == all);
  CHECK(uris_on(b->pages.pages.size() - 1) == all);
}

TEST_CASE("pagination: US Letter from the handout style", "[layout][pagination]") {
  load::HandoutStyle style;
  style.paper = "letter";
  auto b = lay_out("letter", "# L\n\ntext\n", style);
  CHECK(b->pages.width == 612);
  CHECK(b->pages.height == 792);
}

TEST_CASE("layout golden: a tiny book's pages as text", "[layout][golden]") {
  auto b = lay_out("golden", "# Tiny {#tiny}\n\nA *short* paragraph with a [link](https://example.com) and `code`.\n\n- one\n- two\n");
  const std::string actual = layout::dump_pages(b->pages);
  const auto path = testing::source("tests/golden/tiny.pages");
  if (std::getenv("BINDERY_UPDATE_GOLDEN")) testing::write_file(path, actual);
  CHECK(actual == testing::read_file(path));
}
