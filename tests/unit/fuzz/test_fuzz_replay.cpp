// Replays the fuzz targets' seed corpus and every crash or hang the fuzzers found (fuzz/regressions)
// through the very target functions libFuzzer runs, under the normal build: each must finish with
// every invariant holding.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "support.hpp"
#include "targets.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs(const std::string& folder) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(testing::source(folder), ec)) return out;
  for (const auto& e : fs::directory_iterator(testing::source(folder)))
    if (e.is_regular_file() && e.path().filename() != "README.md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void replay(const std::string& folder, std::size_t at_least) {
  std::size_t n = 0;
  for (const auto& t : bindery::fuzz::all_targets()) {
    for (const auto& p : inputs(folder + "/" + t.name)) {
      INFO(t.name << " on " << p.generic_string());
      CHECK(t.run(testing::read_file(p)) == "");
      ++n;
    }
  }
  CHECK(n >= at_least);
}

}  // namespace

TEST_CASE("fuzz seed corpus: every target keeps its invariants on every seed", "[fuzz]") {
  replay("fuzz/corpus", 50);
}

TEST_CASE("fuzz regressions: every crash and hang the fuzzers found stays fixed", "[fuzz]") {
  replay("fuzz/regressions", 1);
}

TEST_CASE("fuzz structural check catches a broken package", "[fuzz]") {
  using bindery::fuzz::check_package;
  const std::vector<bindery::fuzz::PackageFile> good = {
      {"mimetype", "application/epub+zip"},
      {"META-INF/container.xml",
       "<?xml version=\"1.0\"?><container><rootfiles><rootfile full-path=\"EPUB/package.opf\"/></rootfiles></container>"},
      {"EPUB/package.opf",
       "<package><manifest><item id=\"a\" href=\"text/a.xhtml\"/></manifest><spine><itemref idref=\"a\"/></spine></package>"},
      {"EPUB/text/a.xhtml", "<html><body><p id=\"x\"><a href=\"#x\">x</a> <a href=\"https://e.org\">e</a></p></body></html>"},
  };
  CHECK(check_package(good) == "");
  auto bad = good;
  bad[3].bytes = "<html><body><p>unclosed</body></html>";
  CHECK(check_package(bad).find("not well-formed") != std::string::npos);
  bad = good;
  bad[3].bytes = "<html><body><p id=\"x\"/><p id=\"x\"/><a href=\"a.xhtml#nope\">n</a></body></html>";
  CHECK(check_package(bad).find("duplicate id") != std::string::npos);
  bad = good;
  bad[3].bytes = "<html><body><a href=\"javascript:alert(1)\">n</a><a href=\"a.xhtml#nope\">m</a></body></html>";
  CHECK(check_package(bad).find("unsafe reference") != std::string::npos);
  CHECK(check_package(bad).find("missing id") != std::string::npos);
  bad = good;
  bad.push_back({"../evil.xhtml", "<html/>"});
  CHECK(check_package(bad).find("segment in entry name") != std::string::npos);
  bad = good;
  bad[2].bytes = "<package><manifest><item id=\"a\" href=\"text/b.xhtml\"/></manifest><spine><itemref idref=\"z\"/></spine></package>";
  const std::string p = check_package(bad);
  CHECK(p.find("missing file") != std::string::npos);
  CHECK(p.find("not in the manifest") != std::string::npos);
  bad = good;
  bad[3].bytes = "<html><body>\x01</body></html>";
  CHECK(check_package(bad).find("control character") != std::string::npos);
}
