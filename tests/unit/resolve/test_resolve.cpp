// Resolve stage: ids, numbering, links across chapters, removed links, back-link lists.
#include <catch2/catch.hpp>

#include "load/manuscript.hpp"
#include "parse/parse.hpp"
#include "resolve/resolved_book.hpp"
#include "support.hpp"

using namespace bindery;

namespace {

struct Resolved {
  diag::SourceFiles files;
  diag::Diagnostics diags;
  load::Manuscript m;
  resolve::ResolvedBook book;
};

std::unique_ptr<Resolved> resolve_folder(const std::string& name, const std::map<std::string, std::string>& chapter_files,
                                         const std::string& extra_yaml = "") {
  const auto dir = testing::scratch("resolve-" + name);
  std::string yaml = "title: T\nauthor: A\nlanguage: en\nidentifier: urn:x\n" + extra_yaml + "chapters:\n";
  for (const auto& [file, text] : chapter_files) {
    testing::write_file(dir / file, text);
    yaml += "  - " + file + "\n";
  }
  testing::write_file(dir / "book.yaml", yaml);
  testing::write_file(dir / "crisis-lines.yaml", std::string(load::default_crisis_lines()));
  auto r = std::make_unique<Resolved>();
  r->m = load::load_manuscript(dir, {}, r->files, r->diags);
  r->book = resolve::resolve_book(parse::parse_book(r->m, r->files, r->diags), r->m, r->files, r->diags);
  return r;
}

}  // namespace

TEST_CASE("generated ids are unique and never take an id an author wrote", "[resolve]") {
  auto r = resolve_folder("ids", {{"a.md", "# Same\n\n# Same\n\n# Same\n\n## Other {#same-2}\n"}});
  CHECK(r->diags.all().empty());
  std::vector<std::string> ids;
  for (const auto& b : r->book.book.chapters[0].blocks) ids.push_back(b.id());
  CHECK(ids == std::vector<std::string>{"same", "same-3", "same-4", "same-2"});
}

TEST_CASE("links resolve across chapter files to the heading's file, unsafe and outside links are removed", "[resolve]") {
  auto r = resolve_folder("links", {{"a.md", "# A\n\n[to b](#in-b) [file](b.md) [js](javascript:x) [out](../x.md) [web](<https://e.com/a b>)\n"},
                                    {"b.md", "# B\n\n## In b {#in-b}\n"}});
  const std::string dump = resolve::dump_resolved(r->book);
  CHECK(dump.find("link 3:1 -> ch-b.xhtml#in-b \"to b\"") != std::string::npos);
  CHECK(dump.find("-> ch-b.xhtml \"file\"") != std::string::npos);
  CHECK(dump.find("-> https://e.com/a%20b \"web\"") != std::string::npos);
  CHECK(dump.find("javascript") == std::string::npos);
  CHECK(r->diags.warning_count() == 2);
  CHECK_FALSE(r->diags.has_errors());
}

TEST_CASE("numbering per kind in reading order, back-link lists both ways, in reading order", "[resolve][xref]") {
  auto r = resolve_folder("numbering",
                          {{"1.md", "# S\n\n## First {#scn-a see=\"prc-y\"}\n\n## Second {#scn-b}\n\nUses @prc-x and @prc-y.\n"},
                           {"2.md", "# P\n\n## X {#prc-x}\n\n## Y {#prc-y}\n"}},
                          "numbered:\n  - {prefix: scn, label: Scenario, leads-to: prc, back-links: Helps}\n"
                          "  - {prefix: prc, label: Practice, back-links: Shows}\n");
  CHECK(r->diags.all().empty());
  REQUIRE(r->book.numbered.size() == 4);
  CHECK(r->book.numbered[0].number == 1);
  CHECK(r->book.numbered[1].number == 2);
  CHECK(r->book.numbered[2].kind_label == "Practice");
  CHECK(r->book.numbered[2].number == 1);
  const std::string dump = resolve::dump_resolved(r->book);
  CHECK(dump.find("  back-links backlinks-prc-y \"Shows\"\n    -> ch-1.xhtml#scn-a \"Scenario 1: First\"\n"
                  "    -> ch-1.xhtml#scn-b \"Scenario 2: Second\"\n") != std::string::npos);
  CHECK(dump.find("  back-links backlinks-scn-b \"Helps\"\n    -> ch-2.xhtml#prc-x \"Practice 1: X\"\n"
                  "    -> ch-2.xhtml#prc-y \"Practice 2: Y\"\n") != std::string::npos);
}
