// docs/authoring.md cannot drift from the tool: every example block marked `example=NAME
// file=FILE` is written over a guide made by `bindery new` (or, with `base=none`, into an empty
// folder) and built; an example without an `output` block must build cleanly with --werror, and
// one with an `output` block must print exactly those messages. Every EPUB and PDF built is
// validated. Every diagnostic kind in src/diag/diagnostic_kinds.def must be explained on the page.
#include <catch2/catch.hpp>
#include <algorithm>
#include <regex>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

struct Example {
  std::map<std::string, std::string> files;
  bool base = true;
  bool has_output = false;
  std::string output;
};

std::map<std::string, Example> examples() {
  const std::string doc = read_file(source("docs/authoring.md"));
  std::map<std::string, Example> out;
  const std::regex block(R"(```(\S+) ([^\n]*example=[^\n]*)\n([\s\S]*?)```)");
  for (std::sregex_iterator it(doc.begin(), doc.end(), block), end; it != end; ++it) {
    std::map<std::string, std::string> attrs;
    std::istringstream words((*it)[2].str());
    for (std::string w; words >> w;) {
      const auto eq = w.find('=');
      attrs[w.substr(0, eq)] = eq == std::string::npos ? "" : w.substr(eq + 1);
    }
    Example& e = out[attrs.at("example")];
    if (attrs.count("output")) {
      e.has_output = true;
      e.output = (*it)[3].str();
    } else {
      e.files[attrs.at("file")] = (*it)[3].str();
      if (attrs.count("base") && attrs["base"] == "none") e.base = false;
    }
  }
  return out;
}

/// Builds one example and checks it (see the file comment).
void check_example(const std::string& name) {
  const auto all = examples();
  REQUIRE(all.count(name) == 1);
  const Example& e = all.at(name);
  REQUIRE(!e.files.empty());
  const fs::path dir = scratch("authoring-" + name);
  const fs::path guide = dir / "guide";
  if (e.base) REQUIRE(bindery({"new", guide.string(), "-q"}).code == 0);
  for (const auto& [file, text] : e.files) write_file(guide / file, text);
  const fs::path target = e.base ? guide : guide / e.files.begin()->first;
  std::vector<std::string> args{"build", target.string(), "-o", (dir / "out").string(), "-q"};
  if (!e.has_output) args.push_back("--werror");
  RunResult r = bindery(args, {{"SOURCE_DATE_EPOCH", "1780000000"}});
  // Paths print as given; the page shows them relative to the example's folder.
  const std::string err = std::regex_replace(r.err, std::regex(dir.string() + "/"), "");
  INFO(err);
  if (e.has_output) {
    CHECK(!e.output.empty());
    CHECK(err.find(e.output) == 0);
  } else {
    CHECK(r.code == 0);
    CHECK(err == "");
  }
  if (r.code == 0) {
    int validated = 0;
    for (const auto& f : fs::directory_iterator(dir / "out")) {
      if (f.path().extension() == ".epub") CHECK(epubcheck_problems(f.path()) == "");
      if (f.path().extension() == ".pdf") CHECK(pdf_problems(f.path()) == "");
      ++validated;
    }
    CHECK(validated == 2);
  } else {
    CHECK(r.code == 1);
    CHECK(!fs::exists(dir / "out"));
  }
}

// One test per example, so CTest runs them in parallel, each within its time limit.
const std::vector<std::string> kExamples{"book", "chapter", "practice", "references", "crisis", "single-file",
                                         "unknown-reference", "unlinked-item", "duplicate-id", "invalid-id",
                                         "unknown-key", "crisis-line-invalid", "missing-image"};

}  // namespace

TEST_CASE("the authoring guide's examples are the ones tested here", "[docs]") {
  std::vector<std::string> in_doc;
  for (const auto& [name, e] : examples()) in_doc.push_back(name);
  std::vector<std::string> tested = kExamples;
  std::sort(tested.begin(), tested.end());
  CHECK(in_doc == tested);
}

TEST_CASE("authoring example book.yaml builds cleanly", "[docs]") { check_example("book"); }
TEST_CASE("authoring example chapter builds cleanly", "[docs]") { check_example("chapter"); }
TEST_CASE("authoring example practice builds cleanly", "[docs]") { check_example("practice"); }
TEST_CASE("authoring example references builds cleanly", "[docs]") { check_example("references"); }
TEST_CASE("authoring example crisis lines builds cleanly", "[docs]") { check_example("crisis"); }
TEST_CASE("authoring example single file with front matter builds cleanly", "[docs]") { check_example("single-file"); }
TEST_CASE("authoring example UnknownReference prints its message", "[docs]") { check_example("unknown-reference"); }
TEST_CASE("authoring example UnlinkedItem prints its warning and builds", "[docs]") { check_example("unlinked-item"); }
TEST_CASE("authoring example DuplicateId prints its message", "[docs]") { check_example("duplicate-id"); }
TEST_CASE("authoring example InvalidId prints its message", "[docs]") { check_example("invalid-id"); }
TEST_CASE("authoring example UnknownKey prints its message", "[docs]") { check_example("unknown-key"); }
TEST_CASE("authoring example CrisisLineInvalid prints its message", "[docs]") { check_example("crisis-line-invalid"); }
TEST_CASE("authoring example MissingImage prints its message", "[docs]") { check_example("missing-image"); }

TEST_CASE("the authoring guide explains every diagnostic kind", "[docs]") {
  const std::string doc = read_file(source("docs/authoring.md"));
  const auto table = doc.find("## What each message means");
  REQUIRE(table != std::string::npos);
  const std::string meanings = doc.substr(table);
  const std::string kinds = read_file(source("src/diag/diagnostic_kinds.def"));
  const std::regex kind(R"(\nX\((\w+), )");
  int n = 0;
  for (std::sregex_iterator it(kinds.begin(), kinds.end(), kind), end; it != end; ++it, ++n) {
    const std::string k = (*it)[1];
    INFO("kind " << k);
    CHECK(std::regex_search(meanings, std::regex("\\n\\| (\\w+ / )?" + k + "( / \\w+)*( \\(warning\\))? \\|")));
  }
  CHECK(n > 30);
}
