// `bindery new`: the template a new guide starts from builds cleanly at once (with --werror),
// passes epubcheck and the PDF checks, and already relates a scenario and a practice.
#include <catch2/catch.hpp>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

TEST_CASE("bindery new makes a guide that builds cleanly with werror and passes epubcheck", "[new]") {
  const fs::path dir = scratch("new-guide");
  const fs::path book = dir / "Couples Guide";
  RunResult made = bindery({"new", book.string(), "--title", "Our \"first\" guide: a test"}, {{"SOURCE_DATE_EPOCH", "1780000000"}});
  REQUIRE(made.code == 0);
  CHECK(made.err.find("bindery: created a new guide in ") != std::string::npos);
  for (const char* f : {"book.yaml", "01-introduction.md", "02-when-it-happens.md", "03-what-helps.md", "crisis-lines.yaml"})
    CHECK(fs::is_regular_file(book / f));
  // The crisis lines are the checked defaults, byte for byte.
  CHECK(read_file(book / "crisis-lines.yaml") == read_file(source("manuscript/crisis-lines.yaml")));
  const std::string yaml = read_file(book / "book.yaml");
  CHECK(yaml.find("title: \"Our \\\"first\\\" guide: a test\"\n") != std::string::npos);
  CHECK(yaml.find("date: 2026-05-28\n") != std::string::npos);
  CHECK(yaml.find("output-name: couples-guide\n") != std::string::npos);

  RunResult built = bindery({"build", book.string(), "--werror", "-o", (dir / "out").string()});
  CHECK(built.code == 0);
  CHECK(built.err.find("warning") == std::string::npos);
  const fs::path epub = dir / "out" / "couples-guide.epub", pdf = dir / "out" / "couples-guide.pdf";
  CHECK(epubcheck_problems(epub) == "");
  CHECK(pdf_problems(pdf) == "");
  // The scenario and the practice are numbered and list each other.
  auto files = read_epub(epub);
  const std::string scenario = body_text(files.at("EPUB/text/ch-02-when-it-happens.xhtml"));
  const std::string practice = body_text(files.at("EPUB/text/ch-03-what-helps.xhtml"));
  CHECK(scenario.find("Scenario 1: A first scenario") != std::string::npos);
  CHECK(scenario.find("Practices that help") != std::string::npos);
  CHECK(scenario.find("Practice 1: A first practice") != std::string::npos);
  CHECK(practice.find("Where this shows up") != std::string::npos);
  CHECK(pdf_text(pdf).find("Scenario 1") != std::string::npos);
  CHECK(pdf_text(pdf, 1, 1).find("Samaritans") != std::string::npos);
}

TEST_CASE("bindery new refuses a folder that is not empty, and a file", "[new]") {
  const fs::path dir = scratch("new-guide-busy");
  write_file(dir / "busy" / "notes.md", "mine");
  RunResult r = bindery({"new", (dir / "busy").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("already exists and is not an empty folder; choose a new folder [UsageError]") != std::string::npos);
  CHECK(read_file(dir / "busy" / "notes.md") == "mine");
  CHECK(!fs::exists(dir / "busy" / "book.yaml"));
  write_file(dir / "file", "x");
  CHECK(bindery({"new", (dir / "file").string()}).code == 2);
  CHECK(bindery({"new"}).code == 2);
  // An empty folder is fine.
  fs::create_directories(dir / "empty");
  CHECK(bindery({"new", (dir / "empty").string(), "-q"}).err == "");
  CHECK(bindery({"check", (dir / "empty").string(), "--werror"}).code == 0);
}
