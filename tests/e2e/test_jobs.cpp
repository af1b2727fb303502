// Two cores, same bytes (issue #5): a book long enough for every parallel path (chapters parsed
// in two halves, chapter files written on two threads, the EPUB beside the PDF) builds to exactly
// the bytes of a one-thread build (`--jobs 1`), and both pass the validators.
#include <catch2/catch.hpp>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

// Twelve chapters of about 25 KB each: headings, paragraphs, lists, a quote, links between them.
fs::path long_book() {
  const fs::path dir = scratch("jobs-book");
  std::string yaml = "title: Two cores\nauthor: Bindery tests\nlanguage: en-GB\nidentifier: urn:uuid:5b0c1f9e-3c7a-4d8e-9f10-2a3b4c5d6e7f\n"
                     "date: 2026-05-26\noutput-name: jobs\nchapters:\n";
  for (int c = 1; c <= 12; ++c) {
    const std::string name = "ch" + std::to_string(100 + c).substr(1) + ".md";
    yaml += "  - " + name + "\n";
    std::string md = "# Chapter " + std::to_string(c) + " {#chapter-" + std::to_string(c) + "}\n\n";
    for (int s = 1; s <= 12; ++s) {
      md += "## Section " + std::to_string(c) + "." + std::to_string(s) + "\n\n";
      for (int p = 0; p < 7; ++p)
        md += "A steady partner notices the pattern, names it in calm time, and keeps their own baseline; "
              "co-regulation without absorption is a skill that can be learned, practised and *kept*. "
              "See [the first chapter](#chapter-1) for the shape of the dynamic. ";
      md += "\n\n- one point to remember\n- another, with **emphasis**\n\n> A quoted line that stays with the reader.\n\n";
    }
    // A parse-stage warning in each half of the book, so the merged diagnostics are compared.
    if (c == 3 || c == 11) md += "Raw <span onclick=\"x()\">HTML</span> here.\n";
    write_file(dir / name, md);
  }
  write_file(dir / "book.yaml", yaml);
  write_file(dir / "crisis-lines.yaml", read_file(source("manuscript/crisis-lines.yaml")));
  return dir;
}

}  // namespace

TEST_CASE("a long book builds to the same bytes with --jobs 1 and with two threads", "[e2e][jobs][determinism]") {
  const fs::path book = long_book();
  std::size_t bytes = 0;
  for (const auto& e : fs::directory_iterator(book)) bytes += fs::file_size(e.path());
  REQUIRE(bytes > 256 * 1024);  // large enough for the parallel parse
  const fs::path one = scratch("jobs-one"), two = scratch("jobs-two");
  RunResult a = bindery({"build", book.string(), "-o", one.string(), "--jobs", "1"});
  INFO(a.err);
  REQUIRE(a.code == 0);
  RunResult b = bindery({"build", book.string(), "-o", two.string(), "--jobs", "2"});
  INFO(b.err);
  REQUIRE(b.code == 0);
  // The same diagnostics, in the same order (the status lines name different folders).
  auto diagnostics = [](std::string err) {
    std::string out;
    std::size_t at = 0;
    while (at < err.size()) {
      const std::size_t nl = err.find('\n', at);
      const std::string line = err.substr(at, nl == std::string::npos ? std::string::npos : nl - at + 1);
      if (line.rfind("bindery: wrote", 0) != 0) out += line;
      at = nl == std::string::npos ? err.size() : nl + 1;
    }
    return out;
  };
  CHECK(diagnostics(a.err).find("ch03.md") != std::string::npos);
  CHECK(diagnostics(a.err).find("ch11.md") != std::string::npos);
  CHECK(diagnostics(a.err) == diagnostics(b.err));
  CHECK(read_file(one / "jobs.epub") == read_file(two / "jobs.epub"));
  CHECK(read_file(one / "jobs.pdf") == read_file(two / "jobs.pdf"));
  CHECK(epubcheck_problems(two / "jobs.epub") == "");
  CHECK(pdf_problems(two / "jobs.pdf") == "");
  CHECK(pdf_text(two / "jobs.pdf").find("Section 12.12") != std::string::npos);
}

TEST_CASE("the jobs option takes 1 or 2", "[e2e][jobs][cli]") {
  RunResult r = bindery({"build", source("manuscript").string(), "-o", scratch("jobs-bad").string(), "--jobs", "3"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--jobs") != std::string::npos);
}
