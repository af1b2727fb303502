// Pathological manuscripts, generated at test time: each builds (or fails with a clear diagnostic)
// within generous bounds of time and memory, which here only guard against hangs and blow-ups; the
// measured figures and their growth with size are in docs/robustness.md. Every EPUB made passes
// epubcheck and every PDF qpdf, as everywhere else.
#include <catch2/catch.hpp>

#include <regex>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

#ifdef BINDERY_SANITIZED
constexpr int kScale = 10;  // sanitizer builds (-O0, ~10x slower) build a tenth of each size
#else
constexpr int kScale = 1;
#endif

// Hang guard: far above any measured time (docs/robustness.md), even under the sanitizers.
constexpr double kMaxSeconds = 120;
// Peak resident memory guard, in KiB.
constexpr long kMaxRssKiB = 3L * 1024 * 1024;

struct Measured {
  int code = -1;
  double seconds = 0;
  long max_rss_kib = 0;
  std::string err;
};

// Runs `bindery build FILE -o OUT` with a CPU-time limit (a hang is killed rather than stalling the
// suite) and measures wall time and peak memory of that one process (wait4).
Measured build(const fs::path& input, const fs::path& out, const std::vector<std::string>& extra = {}) {
  const fs::path err_path = out.parent_path() / (out.filename().string() + ".stderr");
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int n = open("/dev/null", O_WRONLY);
    dup2(n, 1);
    dup2(e, 2);
    rlimit cpu{static_cast<rlim_t>(2 * kMaxSeconds), static_cast<rlim_t>(2 * kMaxSeconds)};
    setrlimit(RLIMIT_CPU, &cpu);
    setenv("NO_COLOR", "1", 1);
    std::vector<std::string> argv{BINDERY_EXE, "build", input.string(), "-o", out.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  Measured m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.max_rss_kib = ru.ru_maxrss;
  m.err = read_file(err_path);
  // Printed so the figures in docs/robustness.md can be re-measured: ctest -V -R pathological.
  WARN(input.filename().string() << ": exit " << m.code << ", " << m.seconds << " s, " << m.max_rss_kib / 1024 << " MiB");
  return m;
}

void check_bounds(const Measured& m) {
  CHECK(m.seconds < kMaxSeconds);
  CHECK(m.max_rss_kib < kMaxRssKiB);
}

// Builds a single-file manuscript and checks both outputs.
struct Built {
  Measured m;
  fs::path epub, pdf;
};
Built build_ok(const std::string& name, const std::string& markdown) {
  const fs::path dir = scratch("patho-" + name);
  const fs::path md = dir / (name + ".md");
  write_file(md, markdown);
  Built b{build(md, dir / "out"), dir / "out" / (name + ".epub"), dir / "out" / (name + ".pdf")};
  INFO(b.m.err);
  check_bounds(b.m);
  REQUIRE(b.m.code == 0);
  CHECK(epubcheck_problems(b.epub) == "");
  CHECK(pdf_problems(b.pdf) == "");
  return b;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The text of the chapters (not the generated pages) of an EPUB.
std::string chapter_text(const fs::path& epub) {
  std::string all;
  const auto files = read_epub(epub);
  for (const auto& name : spine(files))
    if (name.find("/ch-") != std::string::npos) {
      // Without the printed pages' marks, which may sit inside a phrase ("Scenario <mark/>1").
      const std::string xhtml = std::regex_replace(files.at(name), std::regex("<span epub:type=\"pagebreak\"[^>]*/>"), "");
      all += body_text(xhtml) + "\n";
    }
  return all;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("pathological: 5000 nested block quotes are flattened with a warning and keep their text on the page", "[pathological]") {
  const Built b = build_ok("quotes", repeat("> ", 5000 / kScale) + "deepest words\n\nafter\n");
  CHECK(b.m.err.find("[NestingTooDeep]") != std::string::npos);
  CHECK(chapter_text(b.epub).find("deepest words") != std::string::npos);
  CHECK(pdf_text(b.pdf).find("deepest words") != std::string::npos);
}

TEST_CASE("pathological: lists nested 2000 deep are flattened with a warning and keep their text", "[pathological]") {
  std::string md;
  for (int i = 0; i < 2000 / kScale; ++i) md += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- item" + std::to_string(i) + "\n";
  const Built b = build_ok("lists", md);
  CHECK(b.m.err.find("[NestingTooDeep]") != std::string::npos);
  const std::string text = chapter_text(b.epub);
  CHECK(text.find("item0") != std::string::npos);
  CHECK(text.find("item" + std::to_string(2000 / kScale - 1)) != std::string::npos);
}

TEST_CASE("pathological: a 10 MB paragraph builds with every word kept", "[pathological]") {
  std::string para;
  para.reserve(10'500'000 / kScale);
  for (int i = 0; para.size() < 10'000'000 / kScale; ++i) para += "word" + std::to_string(i) + " ";
  const std::string last = para.substr(para.rfind(' ', para.size() - 2) + 1, para.size() - para.rfind(' ', para.size() - 2) - 2);
  const Built b = build_ok("paragraph", "# Long\n\n" + para + "\n");
  CHECK(chapter_text(b.epub).find(last) != std::string::npos);
  CHECK(pdf_pages(b.pdf) > 100 / kScale);
}

TEST_CASE("pathological: a word of 1000 characters is broken across lines, never lost", "[pathological]") {
  std::string word;
  for (int i = 0; i < 100; ++i) word += "abcdefghi" + std::to_string(i % 10);
  const Built b = build_ok("word", "# Word\n\nBefore " + word + " after.\n");
  CHECK(chapter_text(b.epub).find(word) != std::string::npos);
  std::string pdf;
  for (char c : pdf_text(b.pdf))
    if (std::isalnum(static_cast<unsigned char>(c))) pdf += c;
  CHECK(pdf.find(word) != std::string::npos);
}

TEST_CASE("pathological: a code line of 1 MB is cut into lines of the measure in linear time", "[pathological]") {
  // Found by fuzzing: each line was found by shrinking the rest one byte at a time.
  const std::string line(1'000'000 / kScale, 'x');
  const Built b = build_ok("code-line", "# Code\n\n```\n" + line + "\n```\n");
  CHECK(chapter_text(b.epub).find(line) != std::string::npos);
  std::string pdf;
  for (char c : pdf_text(b.pdf))
    if (c == 'x') pdf += c;
  CHECK(pdf.size() >= line.size());
}

// A manuscript folder of one chapter with numbered kinds (book.yaml `numbered:` entries), built
// with the time and memory bounds; `dir` is where it was made (outputs in dir/out).
Measured build_numbered(const std::string& name, const std::string& title, const std::string& kinds, const std::string& md,
                        fs::path& dir) {
  dir = scratch("patho-" + name);
  write_file(dir / "book.yaml",
             "title: " + title + "\nauthor: Tests\nlanguage: en\nidentifier: urn:uuid:6b1c2f0e-3a4d-4e8f-9c1a-2b3c4d5e6f72\n"
             "numbered:\n" + kinds + "chapters: [chapter.md]\n");
  write_file(dir / "crisis-lines.yaml", read_file(source("manuscript/crisis-lines.yaml")));
  write_file(dir / "chapter.md", md);
  const Measured m = build(dir, dir / "out");
  check_bounds(m);
  return m;
}

TEST_CASE("pathological: 100000 cross-references resolve", "[pathological]") {
  std::string md = "# Scenarios {#scn-one}\n\n";
  for (int i = 0; i < 100000 / kScale; ++i) md += (i % 20 == 19) ? "@scn-one\n\n" : "@scn-one ";
  md += "\n";
  fs::path dir;
  const Measured m = build_numbered("refs", "Refs", "  - {prefix: scn, label: Scenario}\n", md, dir);
  INFO(m.err);
  REQUIRE(m.code == 0);
  const fs::path epub = dir / "out" / "refs.epub";
  CHECK(epubcheck_problems(epub) == "");
  CHECK(pdf_problems(dir / "out" / "refs.pdf") == "");
  CHECK(count(chapter_text(epub), "Scenario 1") >= 100000 / kScale);
}

TEST_CASE("pathological: 1000 numbered sections in one chapter each get their back-links", "[pathological]") {
  // Once quadratic twice over: the source line of each heading was found by counting lines from
  // the top, and each back-link list was inserted into the chapter's block vector.
  const int n = 1000 / kScale;
  std::string md = "# Sections\n\n";
  for (int i = 0; i < n; ++i)
    md += "## Scenario " + std::to_string(i) + " {#scn-s" + std::to_string(i) + " see=\"prc-p" + std::to_string(i) + "\"}\n\nWords.\n\n";
  for (int i = 0; i < n; ++i) md += "## Practice " + std::to_string(i) + " {#prc-p" + std::to_string(i) + "}\n\nWords.\n\n";
  fs::path dir;
  const Measured m = build_numbered("backlinks", "Back-links",
                                    "  - {prefix: scn, label: Scenario, leads-to: prc, back-links: \"Practices that help\"}\n"
                                    "  - {prefix: prc, label: Practice, back-links: \"Where this shows up\"}\n",
                                    md, dir);
  INFO(m.err);
  REQUIRE(m.code == 0);
  const fs::path epub = dir / "out" / "back-links.epub";
  CHECK(epubcheck_problems(epub) == "");
  CHECK(pdf_problems(dir / "out" / "back-links.pdf") == "");
  const std::string text = chapter_text(epub);
  CHECK(count(text, "Practices that help") == static_cast<std::size_t>(n));
  CHECK(count(text, "Where this shows up") == static_cast<std::size_t>(n));
}

TEST_CASE("pathological: 10000 unknown references among 5000 ids are each reported, hints for the first 100", "[pathological]") {
  // Each "did you mean" compares the id with every id of the book: unbounded, thousands of broken
  // references took 22 s; the hints stop after 100 and every error is still reported.
  const int n = 5000 / kScale;
  std::string md = "# Sections\n\n";
  for (int i = 0; i < n; ++i)
    md += "## Scenario " + std::to_string(i) + " {#scn-s" + std::to_string(i) + "}\n\nSee @scn-x" + std::to_string(i) +
          " and @scn-s" + std::to_string(i) + "q.\n\n";
  fs::path dir;
  const Measured m = build_numbered("unknown-refs", "Unknown", "  - {prefix: scn, label: Scenario}\n", md, dir);
  CHECK(m.code == 1);
  CHECK(count(m.err, "[UnknownReference]") == static_cast<std::size_t>(2 * n));
  CHECK(count(m.err, "did you mean") > 0);
  CHECK(count(m.err, "did you mean") <= 100);
  CHECK(!fs::exists(dir / "out" / "unknown.epub"));
}

TEST_CASE("pathological: 10000 headings each reach the table of contents", "[pathological]") {
  std::string md;
  for (int i = 0; i < 10000 / kScale; ++i) md += (i == 0 ? "# Heading " : "## Heading ") + std::to_string(i) + "\n\nText.\n\n";
  const Built b = build_ok("headings", md);
  const auto files = read_epub(b.epub);
  CHECK(count(files.at("EPUB/nav.xhtml"), "Heading ") >= 10000 / kScale);
}

TEST_CASE("pathological: a heading of 10000 characters builds", "[pathological]") {
  std::string title;
  for (int i = 0; title.size() < 10000 / kScale; ++i) title += "Long" + std::to_string(i) + " ";
  const Built b = build_ok("long-heading", "# " + title + "\n\nText.\n");
  CHECK(chapter_text(b.epub).find(title.substr(0, 200)) != std::string::npos);
}

TEST_CASE("pathological: 50000 crisis lines are each checked and the error names the bad one", "[pathological]") {
  const fs::path dir = scratch("patho-crisis");
  std::string yaml = "heading: Help\nintro: Call.\nemergency: Call 112.\nlines:\n";
  for (int i = 0; i < 50000 / kScale; ++i)
    yaml += "  - {region: R" + std::to_string(i) + ", name: Line " + std::to_string(i) + ", number: \"" +
            std::to_string(100000 + i) + "\", call: \"tel:" + std::to_string(100000 + i) + "\"}\n";
  yaml += "  - {region: Bad, name: Wrong, number: \"123\", call: \"tel:124\"}\n";
  write_file(dir / "book.yaml",
             "title: Crisis\nauthor: Tests\nlanguage: en\nidentifier: urn:uuid:6b1c2f0e-3a4d-4e8f-9c1a-2b3c4d5e6f73\n"
             "chapters: [a.md]\n");
  write_file(dir / "crisis-lines.yaml", yaml);
  write_file(dir / "a.md", "# A\n\nText.\n");
  const Measured m = build(dir, dir / "out");
  INFO(m.err);
  check_bounds(m);
  CHECK(m.code == 1);
  CHECK(m.err.find("crisis-lines.yaml:" + std::to_string(50000 / kScale + 5) + ":") != std::string::npos);
  CHECK(count(m.err, "[CrisisLineInvalid]") == 1);
  CHECK_FALSE(fs::exists(dir / "out" / "crisis.epub"));
}

TEST_CASE("pathological: a manuscript folder whose chapters are empty or only front matter builds with warnings", "[pathological]") {
  const fs::path dir = scratch("patho-empty");
  write_file(dir / "book.yaml",
             "title: Empty\nauthor: Tests\nlanguage: en\nidentifier: urn:uuid:6b1c2f0e-3a4d-4e8f-9c1a-2b3c4d5e6f77\n"
             "chapters: [empty.md, front.md]\n");
  write_file(dir / "crisis-lines.yaml", read_file(source("manuscript/crisis-lines.yaml")));
  write_file(dir / "empty.md", "");
  write_file(dir / "front.md", "---\ntitle: Only front matter\n---\n");
  const Measured m = build(dir, dir / "out");
  INFO(m.err);
  check_bounds(m);
  REQUIRE(m.code == 0);
  CHECK(m.err.find("front.md:1:1: warning: front matter in a chapter is ignored") != std::string::npos);
  CHECK(m.err.find("[EmptyBook]") != std::string::npos);
  CHECK(epubcheck_problems(dir / "out" / "empty.epub") == "");
  CHECK(pdf_problems(dir / "out" / "empty.pdf") == "");
}
