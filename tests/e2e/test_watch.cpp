// `bindery watch` as an editor lives with it: a save rebuilds, a broken save prints the errors and
// keeps the last good outputs, the fix rebuilds (also when saved the way editors do: write a
// temporary file, rename it over the chapter), and Ctrl-C exits 0 with nothing half-written.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <fcntl.h>
#include <thread>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

pid_t spawn_watch(const fs::path& book, const fs::path& out, const fs::path& log) {
  pid_t pid = fork();
  if (pid == 0) {
    int e = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int n = open("/dev/null", O_WRONLY);
    dup2(n, 1);
    dup2(e, 2);
    setenv("NO_COLOR", "1", 1);
    execl(BINDERY_EXE, BINDERY_EXE, "watch", book.c_str(), "-o", out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// Polls until `ready` holds; generous, since the machine may be busy.
template <class F>
bool wait_for(F ready, int seconds = 60) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ready();
}

}  // namespace

TEST_CASE("watch rebuilds on save, survives a broken save and stops cleanly on Ctrl-C", "[watch]") {
  const fs::path dir = scratch("watch");
  const fs::path book = dir / "book", out = dir / "out", log = dir / "watch.log";
  REQUIRE(bindery({"new", book.string(), "--title", "Watched"}).code == 0);
  const fs::path epub = out / "book.epub", pdf = out / "book.pdf";
  const fs::path chapter = book / "03-what-helps.md";
  const std::string original = read_file(chapter);

  const pid_t pid = spawn_watch(book, out, log);
  REQUIRE(pid > 0);
  REQUIRE(wait_for([&] { return count(read_file(log), "bindery: built in ") == 1 && fs::exists(pdf); }));

  // 1. A save rebuilds.
  write_file(chapter, original + "\nA sentence added while watching.\n");
  REQUIRE(wait_for([&] { return count(read_file(log), "bindery: rebuilt in ") == 1; }));
  CHECK(read_file(log).find("bindery: 03-what-helps.md changed; rebuilding") != std::string::npos);
  const std::string good_epub = read_file(epub), good_pdf = read_file(pdf);
  CHECK(body_text(read_epub(epub).at("EPUB/text/ch-03-what-helps.xhtml")).find("A sentence added while watching.") != std::string::npos);

  // 2. A broken save prints the errors and keeps the last good outputs.
  write_file(chapter, original + "\nSee @scn-firs.\n");
  REQUIRE(wait_for([&] { return count(read_file(log), "bindery: rebuild failed in ") == 1; }));
  const std::string log_text = read_file(log);
  CHECK(log_text.find("03-what-helps.md:8:5: error: unknown reference `@scn-firs`; did you mean `scn-first`? [UnknownReference]") != std::string::npos);
  CHECK(log_text.find("(exit 1); the previous outputs are kept") != std::string::npos);
  CHECK(read_file(epub) == good_epub);
  CHECK(read_file(pdf) == good_pdf);

  // 3. The fix, saved like an editor does (temporary file renamed over the chapter), rebuilds.
  write_file(book / "03-what-helps.md~", original + "\nThe fixed sentence.\n");
  fs::rename(book / "03-what-helps.md~", chapter);
  REQUIRE(wait_for([&] { return count(read_file(log), "bindery: rebuilt in ") == 2; }));
  CHECK(body_text(read_epub(epub).at("EPUB/text/ch-03-what-helps.xhtml")).find("The fixed sentence.") != std::string::npos);
  CHECK(epubcheck_problems(epub) == "");
  CHECK(pdf_problems(pdf) == "");
  CHECK(pdf_text(pdf).find("The fixed sentence.") != std::string::npos);

  // 4. Ctrl-C: exit 0, and only the two finished outputs in the output folder.
  REQUIRE(kill(pid, SIGINT) == 0);
  int status = -1;
  REQUIRE(wait_for([&] { return waitpid(pid, &status, WNOHANG) == pid; }, 30));
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string final_log = read_file(log);
  CHECK(final_log.substr(final_log.size() - 17) == "bindery: stopped\n");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"book.epub", "book.pdf"});
}

TEST_CASE("watch of a missing folder is a usage error", "[watch]") {
  RunResult r = bindery({"watch", "/nonexistent/book"});
  CHECK(r.code == 2);
  CHECK(r.err == "bindery: error: `/nonexistent/book` does not exist; give a manuscript folder or a Markdown file [UsageError]\n");
}
