// Load stage: the chapter paths guessed from book.yaml's text before YAML parses it (so a
// library's chapters are read while book.yaml is parsed), and the prefetch handing out only clean
// reads. A wrong guess may only cost time: these pin what is and is not guessed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "load/prefetch_chapters.hpp"
#include "util/jobs.hpp"

using namespace bindery;
namespace fs = std::filesystem;

TEST_CASE("prefetch: plain chapter entries are guessed, quoted or odd ones left to YAML", "[load]") {
  const std::string yaml =
      "title: A book\n"
      "# chapters: not.md\n"
      "chapters:\n"
      "  - {file: 01-intro.md, type: introduction}\n"
      "  - 02-how.md   # a comment\n"
      "  - \"03 quoted.md\"\n"
      "  - {file: '04.md'}\n"
      "\n"
      "  - 05-after-blank.md\n"
      "numbered:\n"
      "  - {prefix: scn, label: Scenario}\n"
      "backmatter:\n"
      "- 06-notes.md\n"
      "description: >\n"
      "  - 07-folded-text.md\n";
  CHECK(load::guess_chapter_paths(yaml) == std::vector<std::string>{"01-intro.md", "02-how.md", "05-after-blank.md", "06-notes.md"});
  CHECK(load::guess_chapter_paths("").empty());
  CHECK(load::guess_chapter_paths("chapters: [a.md, b.md]\n").empty());
}

TEST_CASE("prefetch: a guessed chapter is read once and only a read without diagnostics is handed out", "[load]") {
  const fs::path root = fs::temp_directory_path() / "bindery-prefetch-test";
  fs::remove_all(root);
  fs::create_directories(root);
  std::vector<std::string> paths;
  for (int i = 0; i < 100; ++i) {  // enough to start the second thread
    const std::string name = "c" + std::to_string(i) + ".md";
    std::ofstream(root / name) << "# Chapter " << i << "\n\nText.\n";
    paths.push_back(name);
  }
  std::ofstream(root / "c7.md", std::ios::app) << "bad \xff byte\n";  // a read with a warning
  paths.push_back("missing.md");
  const int jobs = bindery::util::jobs();
  bindery::util::set_jobs(2);  // the prefetch reads only when two jobs are allowed
  load::ChapterPrefetch prefetch(root, root, paths);
  bindery::util::set_jobs(jobs);
  prefetch.finish();
  auto clean = prefetch.take("c3.md");
  REQUIRE(clean);
  CHECK(*clean->text == "# Chapter 3\n\nText.\n");
  CHECK(clean->line_starts.size() == 4);
  CHECK_FALSE(prefetch.take("c3.md"));       // handed out once
  CHECK_FALSE(prefetch.take("c7.md"));       // reported something: read again by the caller
  CHECK_FALSE(prefetch.take("missing.md"));  // not found: the caller reports it at its entry
  CHECK_FALSE(prefetch.take("never-guessed.md"));
  fs::remove_all(root);
}

TEST_CASE("prefetch: with one job nothing is read ahead", "[load]") {
  const int jobs = bindery::util::jobs();
  bindery::util::set_jobs(1);
  const fs::path root = fs::temp_directory_path() / "bindery-prefetch-one-job";
  fs::create_directories(root);
  std::vector<std::string> paths;
  for (int i = 0; i < 100; ++i) {
    paths.push_back("c" + std::to_string(i) + ".md");
    std::ofstream(root / paths.back()) << "Text.\n";
  }
  load::ChapterPrefetch prefetch(root, root, paths);
  bindery::util::set_jobs(jobs);
  prefetch.finish();
  CHECK_FALSE(prefetch.take("c0.md"));  // the caller reads it, as it always did
  fs::remove_all(root);
}
