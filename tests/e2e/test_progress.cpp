// Status output: a progress line only on a terminal, for builds over a second, never in CI or
// with --quiet; --quiet keeps the diagnostics; --verbose adds stage timings.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

/// Runs bindery with standard error on a pseudo-terminal; returns what the terminal received.
std::string run_on_terminal(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, int& code) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(grantpt(master) == 0);
  REQUIRE(unlockpt(master) == 0);
  const std::string slave = ptsname(master);
  pid_t pid = fork();
  if (pid == 0) {
    setsid();
    int s = open(slave.c_str(), O_RDWR);
    int n = open("/dev/null", O_WRONLY);
    dup2(n, 1);
    dup2(s, 2);
    close(master);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv{const_cast<char*>(BINDERY_EXE)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(BINDERY_EXE, argv.data());
    _exit(127);
  }
  std::string seen;
  char buf[4096];
  for (;;) {  // read while it runs, so a full terminal buffer never blocks the build
    const ssize_t n = read(master, buf, sizeof buf);
    if (n > 0) seen.append(buf, static_cast<std::size_t>(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;  // EIO: the child closed the terminal
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return seen;
}

/// A book big enough to take well over a second, even in the release build: many plain
/// paragraphs, no cross-references (4 MB took 0.7 s once the build got faster; this is 13 MB).
fs::path big_book(const fs::path& dir) {
  std::string md = "# A long handout\n\n";
  for (int i = 0; i < 72000; ++i)
    md += "Paragraph " + std::to_string(i) +
          " says the same careful things again, so that the line breaker, the hyphenator and the "
          "paginator all have real work to do before the handout is finished and written.\n\n";
  write_file(dir / "big.md", md);
  return dir / "big.md";
}

}  // namespace

TEST_CASE("no progress line when standard error is not a terminal", "[progress]") {
  const fs::path dir = scratch("progress-pipe");
  RunResult r = bindery({"build", source("manuscript").string(), "-o", (dir / "out").string()});
  CHECK(r.code == 0);
  CHECK(r.err.find('\r') == std::string::npos);
  CHECK(r.err.find("\033[") == std::string::npos);
  CHECK(r.err.find("bindery: wrote ") != std::string::npos);
}

TEST_CASE("quiet prints only diagnostics, verbose adds stage timings", "[progress]") {
  const fs::path dir = scratch("progress-quiet");
  RunResult q = bindery({"build", source("manuscript").string(), "-q", "-o", (dir / "out").string()});
  CHECK(q.code == 0);
  CHECK(q.err == "");
  write_file(dir / "bad.md", "# Bad {#x y}\n");
  RunResult bad = bindery({"build", (dir / "bad.md").string(), "--quiet", "-o", (dir / "out").string()});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("error:") != std::string::npos);
  RunResult v = bindery({"build", source("manuscript").string(), "--verbose", "-o", (dir / "out").string()});
  CHECK(v.code == 0);
  for (const char* stage : {"bindery: load ", ", parse ", ", resolve ", ", layout ", ", epub+pdf ", " ms (total "})
    CHECK(v.err.find(stage) != std::string::npos);
  RunResult c = bindery({"check", source("manuscript").string(), "-v"});
  CHECK(c.err.find("bindery: load ") != std::string::npos);
  CHECK(c.err.find(", layout ") == std::string::npos);
}

TEST_CASE("a long build on a terminal shows one updating progress line, erased at the end", "[progress]") {
  const fs::path dir = scratch("progress-tty");
  const fs::path book = big_book(dir);
  int code = -1;
  // PDF only: the layout is the long part, and an EPUB of this size would only slow epubcheck.
  const std::string tty = run_on_terminal({"build", book.string(), "-o", (dir / "out").string(), "--format", "pdf"},
                                          {{"CI", ""}, {"TERM", "xterm"}, {"NO_COLOR", "1"}}, code);
  CHECK(code == 0);
  CHECK(tty.find("\r\033[Kbindery: ") != std::string::npos);
  CHECK(tty.find("1/1 chapters parsed") != std::string::npos);
  CHECK(tty.find(" pages laid out") != std::string::npos);
  // The line is erased before the status lines, which start on a clean line.
  CHECK(tty.find("\r\033[Kbindery: wrote ") != std::string::npos);
  CHECK(pdf_problems(dir / "out" / "big.pdf") == "");

  // The same build in CI, or with --quiet: nothing but the final lines.
  const std::string ci = run_on_terminal({"build", book.string(), "-o", (dir / "out").string(), "--format", "pdf", "--paper", "letter"},
                                         {{"CI", "true"}, {"TERM", "xterm"}, {"NO_COLOR", "1"}}, code);
  CHECK(code == 0);
  CHECK(ci.find('\033') == std::string::npos);
  CHECK(ci.find("bindery: wrote ") != std::string::npos);
  CHECK(pdf_problems(dir / "out" / "big.pdf") == "");
}

TEST_CASE("a short build on a terminal shows no progress line", "[progress]") {
  const fs::path dir = scratch("progress-short");
  write_file(dir / "small.md", "# Small\n\nA few words.\n");
  int code = -1;
  const std::string tty = run_on_terminal({"build", (dir / "small.md").string(), "-o", (dir / "out").string(), "--format", "epub"},
                                          {{"CI", ""}, {"TERM", "xterm"}, {"NO_COLOR", "1"}}, code);
  CHECK(code == 0);
  CHECK(tty.find('\033') == std::string::npos);
  CHECK(tty.find("bindery: wrote ") != std::string::npos);
  CHECK(epubcheck_problems(dir / "out" / "small.epub") == "");
}
