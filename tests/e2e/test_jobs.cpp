// Two cores, same bytes (issue #5): a book long enough for every parallel path (chapters read and
// parsed in two halves, links resolved, items numbered and back-links added per chapter, chapter
// files written on two threads, the EPUB beside the PDF) builds to exactly the bytes of a
// one-thread build (`--jobs 1`), with the same diagnostics, and both pass the validators.
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

// A 1x1 PNG (valid chunks and CRCs).
const std::string kPng("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
                       "\x00\x00\x00\x0aIDAT\x78\x9c\x63\x00\x01\x00\x00\x05\x00\x01\x0d\x0a\x2d\xb4\x00\x00\x00\x00IEND\xae\x42\x60\x82",
                       67);

// A library past every threshold of the resolve stage's parallel paths: 80 chapters (read on two
// cores), over 4,096 blocks (links and back-links per chapter), 1,280 numbered items (labels and
// titles per chapter), references across chapters, three images used from many chapters (named
// by first use) and one without a description. With `broken`, 120 unknown references and links
// spread over 60 chapters: only the first 100 get a "did you mean" (the run's budget, in reading
// order).
fs::path library(const std::string& name, bool broken) {
  const fs::path dir = scratch(name);
  std::string yaml = "title: Library\nauthor: Bindery tests\nlanguage: en-GB\nidentifier: urn:uuid:7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6\n"
                     "date: 2026-05-26\noutput-name: library\nnumbered:\n"
                     "  - {prefix: scn, label: Scenario, leads-to: prc, back-links: \"Practices that help\"}\n"
                     "  - {prefix: prc, label: Practice, back-links: \"Where this shows up\"}\nchapters:\n";
  for (int i = 0; i < 3; ++i) write_file(dir / "img" / ("p" + std::to_string(i) + ".png"), kPng);
  for (int c = 1; c <= 80; ++c) {
    const std::string n = std::to_string(c), name = "c" + std::to_string(100 + c).substr(1) + ".md";
    yaml += "  - " + name + "\n";
    std::string md = "# Chapter " + n + " {#chapter-" + n + "}\n\n";
    for (int s = 1; s <= 8; ++s) {
      const std::string id = n + "-" + std::to_string(s);
      md += "## Scenario " + id + " {#scn-" + id + "}\n\nIt shows up as @prc-" + id + " says" +
            (c > 1 ? ", as in -@scn-" + std::to_string(c - 1) + "-" + std::to_string(s) : std::string()) + ".\n\n";
      for (int p = 0; p < 3; ++p) md += "A steady partner names the pattern in calm time and keeps their own baseline.\n\n";
      md += "## Practice " + id + " {#prc-" + id + "}\n\nPractise it; see [the first chapter](c01.md#chapter-1).\n\n";
      for (int p = 0; p < 2; ++p) md += "Co-regulation without absorption is a skill that can be learned and *kept*.\n\n";
      md += "![Figure " + id + "](img/p" + std::to_string((c + s) % 3) + ".png)\n\n";
    }
    if (c == 7) md += "![](img/p1.png)\n\n";
    if (broken && c > 20) md += "Broken: @prc-" + n + "-9 and [a link](#chapter-" + n + "x).\n\n";
    write_file(dir / name, md);
  }
  write_file(dir / "book.yaml", yaml);
  write_file(dir / "crisis-lines.yaml", read_file(source("manuscript/crisis-lines.yaml")));
  return dir;
}

// Standard error without the `wrote` lines, which name different folders.
std::string diagnostics(const std::string& err) {
  std::string out;
  std::size_t at = 0;
  while (at < err.size()) {
    const std::size_t nl = err.find('\n', at);
    const std::string line = err.substr(at, nl == std::string::npos ? std::string::npos : nl - at + 1);
    if (line.rfind("bindery: wrote", 0) != 0) out += line;
    at = nl == std::string::npos ? err.size() : nl + 1;
  }
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a library resolves the same on two cores: diagnostics and hints in reading order", "[e2e][jobs][determinism]") {
  const fs::path book = library("jobs-library-broken", true);
  RunResult a = bindery({"build", book.string(), "-o", scratch("jobs-lib-b1").string(), "--format", "epub", "--jobs", "1"});
  RunResult b = bindery({"build", book.string(), "-o", scratch("jobs-lib-b2").string(), "--format", "epub", "--jobs", "2"});
  CHECK(a.code == 1);
  CHECK(b.code == 1);
  const std::string one = diagnostics(a.err), two = diagnostics(b.err);
  CHECK(one == two);
  CHECK(count(one, "error: unknown reference `@prc-") == 60);
  CHECK(count(one, "error: link to unknown id `#chapter-") == 60);
  CHECK(count(one, "; did you mean `") == 100);
  // The budget goes in reading order: the last chapters' errors have no hint.
  CHECK(one.find("c80.md:") != std::string::npos);
  CHECK(one.find("unknown reference `@prc-21-9`; did you mean `prc-21-") != std::string::npos);
  CHECK(one.find("unknown reference `@prc-80-9` [UnknownReference]") != std::string::npos);
  CHECK(one.find("c07.md:") != std::string::npos);  // the image without a description
  CHECK(one.find("[MissingAltText]") != std::string::npos);
  // `check` takes --jobs too, and says the same.
  RunResult c1 = bindery({"check", book.string(), "--jobs", "1"});
  RunResult c2 = bindery({"check", book.string(), "--jobs", "2"});
  CHECK(c1.code == 1);
  CHECK(c1.err == c2.err);
  CHECK(c1.err == one);
}

TEST_CASE("a library builds to the same EPUB on two cores: numbers, back-links and image names", "[e2e][jobs][determinism][epubcheck]") {
  const fs::path book = library("jobs-library", false);
  const fs::path one = scratch("jobs-lib-1"), two = scratch("jobs-lib-2");
  RunResult a = bindery({"build", book.string(), "-o", one.string(), "--format", "epub", "--jobs", "1"});
  INFO(a.err);
  REQUIRE(a.code == 0);
  RunResult b = bindery({"build", book.string(), "-o", two.string(), "--format", "epub", "--jobs", "2"});
  INFO(b.err);
  REQUIRE(b.code == 0);
  CHECK(diagnostics(a.err) == diagnostics(b.err));
  CHECK(read_file(one / "library.epub") == read_file(two / "library.epub"));
  CHECK(epubcheck_problems(two / "library.epub") == "");
  const auto files = read_epub(two / "library.epub");
  // Three image files, named in order of first use, and only those.
  CHECK(files.count("EPUB/images/1-img-p2.png") == 1);
  CHECK(files.count("EPUB/images/2-img-p0.png") == 1);
  CHECK(files.count("EPUB/images/3-img-p1.png") == 1);
  CHECK(files.count("EPUB/images/4-img-p0.png") == 0);
  const std::string& last = files.at("EPUB/text/ch-c80.xhtml");
  CHECK(last.find("Scenario 633:</span> Scenario 80-1") != std::string::npos);
  CHECK(last.find("Practice 640:</span> Practice 80-8") != std::string::npos);
  CHECK(last.find("src=\"../images/") != std::string::npos);
  // Back-links: practice 80-1 is referenced by scenario 80-1; scenario 79-1 by scenario 80-1.
  CHECK(last.find("Where this shows up") != std::string::npos);
  CHECK(files.at("EPUB/text/ch-c79.xhtml").find("Scenario 633: Scenario 80-1") != std::string::npos);
}

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
  // The same diagnostics, in the same order.
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
