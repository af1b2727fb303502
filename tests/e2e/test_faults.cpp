// Faults while writing or reading: an output folder that is a file or cannot be written, a full
// disk (a real file-size limit, and /dev/full), a chapter removed while Bindery runs, and SIGINT or
// SIGTERM mid-build. Each gives a clear message and exit code 3 (or 1 for a missing chapter), no
// partial output, and the previous good outputs left byte for byte as they were.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "io/staged_output.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

// A small two-chapter book with its crisis lines; `big` makes a chapter long enough that building
// the PDF takes a noticeable time, so a signal can arrive mid-build.
fs::path make_book(const std::string& name, int chapters = 2, bool big = false) {
  const fs::path dir = scratch("fault-" + name);
  std::string list;
  for (int i = 1; i <= chapters; ++i) {
    const std::string file = "ch" + std::to_string(i) + ".md";
    list += "  - " + file + "\n";
    std::string text = "# Chapter " + std::to_string(i) + "\n\nMarker" + std::to_string(i) + " text of this chapter.\n";
    if (big)
      for (int p = 0; p < 3000; ++p) text += "\nA paragraph of ordinary words that fills the handout, number " + std::to_string(p) + ".\n";
    write_file(dir / "book" / file, text);
  }
  write_file(dir / "book" / "book.yaml",
             "title: Faults\nauthor: Tests\nlanguage: en\nidentifier: urn:uuid:6b1c2f0e-3a4d-4e8f-9c1a-2b3c4d5e6f74\n"
             "output-name: faults\nchapters:\n" + list);
  write_file(dir / "book" / "crisis-lines.yaml", read_file(source("manuscript/crisis-lines.yaml")));
  return dir;
}

// Builds once so out/ holds real, good outputs; returns their bytes.
std::map<std::string, std::string> good_outputs(const fs::path& dir) {
  RunResult r = testing::bindery({"build", (dir / "book").string(), "-o", (dir / "out").string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(epubcheck_problems(dir / "out" / "faults.epub") == "");
  CHECK(pdf_problems(dir / "out" / "faults.pdf") == "");
  // The next build must differ from this one, so an overwrite would show.
  write_file(dir / "book" / "ch1.md", read_file(dir / "book" / "ch1.md") + "\nChanged since the good build.\n");
  return {{"faults.epub", read_file(dir / "out" / "faults.epub")}, {"faults.pdf", read_file(dir / "out" / "faults.pdf")}};
}

// out/ holds exactly the previous outputs, unchanged, and no temporary file.
void check_untouched(const fs::path& out, const std::map<std::string, std::string>& before) {
  std::map<std::string, std::string> now;
  for (const auto& e : fs::directory_iterator(out)) now[e.path().filename().string()] = read_file(e.path());
  CHECK(now.size() == before.size());
  for (const auto& [name, bytes] : before) {
    INFO(name);
    CHECK(now.count(name) == 1);
    CHECK((now.count(name) && now.at(name) == bytes));
  }
}

// Starts bindery without waiting; stderr goes to `err`.
pid_t spawn(const std::vector<std::string>& args, const fs::path& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int n = open("/dev/null", O_WRONLY);
    dup2(n, 1);
    dup2(e, 2);
    setenv("NO_COLOR", "1", 1);
    std::vector<std::string> argv{BINDERY_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> a;
    for (auto& s : argv) a.push_back(s.data());
    a.push_back(nullptr);
    execv(a[0], a.data());
    _exit(127);
  }
  return pid;
}

int wait_code(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Blocks until a file named `name` (or, with "", any file) sees one of `mask`'s events in `dir`.
void wait_for_event(int fd, const std::string& name) {
  alignas(inotify_event) char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    REQUIRE(n > 0);
    for (char* p = buf; p < buf + n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(p);
      if (ev->len > 0 && (name.empty() || name == ev->name)) return;
      p += sizeof(inotify_event) + ev->len;
    }
  }
}

}  // namespace

TEST_CASE("fault: out/ is a file: exit 3, the file untouched", "[fault]") {
  const fs::path dir = make_book("out-is-file");
  write_file(dir / "out", "not a folder");
  RunResult r = testing::bindery({"build", (dir / "book").string(), "-o", (dir / "out").string()});
  CHECK(r.code == 3);
  CHECK(r.err.find("is a file; remove it or pass -o DIR [OutputFailed]") != std::string::npos);
  CHECK(read_file(dir / "out") == "not a folder");
}

TEST_CASE("fault: an output folder that cannot be written: exit 3, previous outputs untouched", "[fault]") {
  const fs::path dir = make_book("unwritable");
  const auto before = good_outputs(dir);
  fs::permissions(dir / "out", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  // root ignores permission bits: the build then runs as `nobody`, as an ordinary CI user would.
  std::vector<std::string> args{"build", (dir / "book").string(), "-o", (dir / "out").string()};
  RunResult r = geteuid() == 0 ? run([&] {
    std::vector<std::string> a{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", BINDERY_EXE};
    a.insert(a.end(), args.begin(), args.end());
    return a;
  }())
                               : testing::bindery(args);
  fs::permissions(dir / "out", fs::perms::owner_all, fs::perm_options::add);
  INFO(r.err);
  CHECK(r.code == 3);
  CHECK(r.err.find("cannot write `" + (dir / "out" / "faults.epub").generic_string() + "`: Permission denied [OutputFailed]") !=
        std::string::npos);
  check_untouched(dir / "out", before);
}

TEST_CASE("fault: an output folder that cannot be created: exit 3 with the reason", "[fault]") {
  const fs::path dir = make_book("uncreatable");
  RunResult r = testing::bindery({"build", (dir / "book").string(), "-o", "/proc/bindery-cannot-be-here/out"});
  CHECK(r.code == 3);
  CHECK(r.err.find("cannot create output folder `/proc/bindery-cannot-be-here/out`") != std::string::npos);
}

TEST_CASE("fault: the disk fills while writing: exit 3, no partial output, previous outputs untouched", "[fault]") {
  const fs::path dir = make_book("disk-full");
  const auto before = good_outputs(dir);
  // A real limit enforced by the kernel (RLIMIT_FSIZE): every write past 20 kB fails, as on a
  // full disk. The EPUB (about 8 kB) is staged in full, the PDF (about 60 kB) cannot be: neither
  // replaces its previous version.
  RunResult r = run({"prlimit", "--fsize=20000", "--", BINDERY_EXE, "build", (dir / "book").string(), "-o",
                     (dir / "out").string()});
  INFO(r.err);
  CHECK(r.code == 3);
  CHECK(r.err.find("cannot write `" + (dir / "out").generic_string()) != std::string::npos);
  CHECK(r.err.find("`: File too large [OutputFailed]") != std::string::npos);
  check_untouched(dir / "out", before);
}

TEST_CASE("fault: a write to a full device reports the device's error", "[fault]") {
  // /dev/full fails every write with ENOSPC, exactly as a full disk does.
  const int fd = open("/dev/full", O_WRONLY);
  REQUIRE(fd >= 0);
  CHECK(bindery::io::write_all(fd, std::string(100000, 'x')) == std::strerror(ENOSPC));
  close(fd);
}

TEST_CASE("fault: staged outputs are removed when not committed, and replace their targets together when they are", "[fault]") {
  const fs::path dir = scratch("fault-staged");
  write_file(dir / "a.epub", "old a");
  write_file(dir / "b.pdf", "old b");
  {
    bindery::io::StagedOutputs s;
    CHECK(s.stage(dir / "a.epub", "new a") == "");
    CHECK(s.stage(dir / "b.pdf", "new b") == "");
    // A failure here (not committing) must leave no trace.
  }
  CHECK(read_file(dir / "a.epub") == "old a");
  CHECK(read_file(dir / "b.pdf") == "old b");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
  bindery::io::StagedOutputs s;
  CHECK(s.stage(dir / "a.epub", "new a") == "");
  CHECK(s.stage(dir / "b.pdf", "new b") == "");
  CHECK(s.commit() == "");
  CHECK(read_file(dir / "a.epub") == "new a");
  CHECK(read_file(dir / "b.pdf") == "new b");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
  // A symlink planted at the temporary's name is not followed.
  const fs::path planted = dir / (".c.epub.tmp-" + std::to_string(getpid()));
  fs::create_symlink(dir / "a.epub", planted);
  bindery::io::StagedOutputs t;
  CHECK(t.stage(dir / "c.epub", "x") != "");
  CHECK(read_file(dir / "a.epub") == "new a");
}

TEST_CASE("fault: a chapter removed while Bindery runs is either read whole or reported, never half-used", "[fault]") {
  const fs::path dir = make_book("removed", 300);
  const auto before = good_outputs(dir);
  const int in = inotify_init1(IN_CLOEXEC);
  REQUIRE(in >= 0);
  REQUIRE(inotify_add_watch(in, (dir / "book").c_str(), IN_OPEN) >= 0);
  const pid_t pid = spawn({"build", (dir / "book").string(), "-o", (dir / "out").string()}, dir / "err");
  wait_for_event(in, "book.yaml");  // Bindery has started reading the manuscript
  fs::remove(dir / "book" / "ch300.md");
  const int code = wait_code(pid);
  close(in);
  const std::string err = read_file(dir / "err");
  INFO(err);
  if (code == 0) {
    // Read before it was removed: the book holds it whole.
    CHECK(epubcheck_problems(dir / "out" / "faults.epub") == "");
    CHECK(read_epub(dir / "out" / "faults.epub").size() > 0);
  } else {
    CHECK(code == 1);
    CHECK(err.find("ch300.md") != std::string::npos);
    CHECK(err.find("not found [FileNotFound]") != std::string::npos);
    check_untouched(dir / "out", before);
  }
}

TEST_CASE("fault: SIGINT during a build: exit 3, a clear message, previous outputs untouched", "[fault][signal]") {
  // Four long chapters (about 800 kB): after the second is opened, the rest takes hundreds of
  // milliseconds even in the release build, far longer than this process needs to send the
  // signal, however loaded the machine (two chapters once let a fast build finish first).
  const fs::path dir = make_book("sigint", 4, true);
  const auto before = good_outputs(dir);
  const int in = inotify_init1(IN_CLOEXEC);
  REQUIRE(inotify_add_watch(in, (dir / "book").c_str(), IN_OPEN) >= 0);
  const pid_t pid = spawn({"build", (dir / "book").string(), "-o", (dir / "out").string()}, dir / "err");
  wait_for_event(in, "ch2.md");  // reading the second chapter: two more, layout and writing are still to come
  close(in);
  kill(pid, SIGINT);
  const int code = wait_code(pid);
  CHECK(code == 3);
  CHECK(read_file(dir / "err").find("bindery: error: interrupted (SIGINT); nothing was written") != std::string::npos);
  check_untouched(dir / "out", before);
}

TEST_CASE("fault: SIGTERM while the outputs are being written: all old or all new, never a mix or a temporary", "[fault][signal]") {
  const fs::path dir = make_book("sigterm", 2, true);
  const auto before = good_outputs(dir);
  const int in = inotify_init1(IN_CLOEXEC);
  REQUIRE(inotify_add_watch(in, (dir / "out").c_str(), IN_CREATE) >= 0);
  const pid_t pid = spawn({"build", (dir / "book").string(), "-o", (dir / "out").string()}, dir / "err");
  wait_for_event(in, "");  // the first temporary file exists: the outputs are being staged
  close(in);
  kill(pid, SIGTERM);
  const int code = wait_code(pid);
  // Both outputs are made before either is staged, so the signal lands in a short window: either
  // before the renames (exit 3, the previous outputs untouched) or while they are renamed, in
  // which case the build completes (exit 0, both new outputs whole).
  if (code == 3) {
    CHECK(read_file(dir / "err").find("bindery: error: terminated (SIGTERM)") != std::string::npos);
    check_untouched(dir / "out", before);
  } else {
    CHECK(code == 0);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir / "out")) ++files, (void)e;
    CHECK(files == 2);
    CHECK(read_file(dir / "out" / "faults.epub") != before.at("faults.epub"));
    CHECK(epubcheck_problems(dir / "out" / "faults.epub") == "");
    CHECK(pdf_problems(dir / "out" / "faults.pdf") == "");
  }
}
