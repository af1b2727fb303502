// The CI workflow that content repositories copy (.github/workflows/book.yml): its steps run here
// in order against a copy of the manuscript, so the file cannot drift from the tool.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

TEST_CASE("the book workflow's steps run in order and succeed", "[e2e][workflow]") {
  const YAML::Node wf = YAML::LoadFile(source(".github/workflows/book.yml").string());
  const YAML::Node steps = wf["jobs"]["book"]["steps"];
  REQUIRE(steps.IsSequence());
  std::vector<std::string> runs;
  for (const auto& s : steps)
    if (s["run"]) runs.push_back(s["run"].as<std::string>());
  REQUIRE(runs.size() == 4);
  // Step 1 is the README's set-up command; this test suite itself runs after it (scripts/setup.sh
  // test does the same set-up), so it is checked for its text, not run again inside the build.
  CHECK(runs[0] == "bash scripts/setup.sh build");
  CHECK(steps[0]["uses"].as<std::string>() == "actions/checkout@v4");
  CHECK(steps[steps.size() - 1]["uses"].as<std::string>() == "actions/upload-artifact@v4");
  CHECK(steps[steps.size() - 1]["with"]["path"].as<std::string>() == "out/*.epub\nout/*.pdf\n");

  // A workspace shaped like a checkout after set-up: the manuscript and build/release/bindery.
  const fs::path ws = scratch("workflow");
  fs::copy(source("manuscript"), ws / "manuscript", fs::copy_options::recursive);
  fs::create_directories(ws / "build/release");
  fs::create_symlink(BINDERY_EXE, ws / "build/release/bindery");
  for (std::size_t i = 1; i < runs.size(); ++i) {
    RunResult r = run({"bash", "-c", "cd '" + ws.string() + "' && " + runs[i]});
    INFO(runs[i] << "\n" << r.out << r.err);
    REQUIRE(r.code == 0);
  }
  CHECK(fs::exists(ws / "out/secure-partner-anxious-attachment.epub"));
  CHECK(pdf_problems(ws / "out/secure-partner-anxious-attachment.pdf") == "");
}
