// The watch loop (Linux inotify). Every folder under the manuscript root is watched, since
// chapters, images, crisis lines and the styles a book names may all live in subfolders; the
// output folder and hidden folders are not. SIGINT and SIGTERM are blocked and read from a
// signalfd, so Ctrl-C never lands in the middle of a build: the running build finishes (its
// outputs are renamed into place whole) and the loop then exits 0.
#include "cli/watch.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>

namespace bindery::cli {
namespace fs = std::filesystem;
namespace {

constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                  IN_DELETE_SELF | IN_MOVE_SELF;

/// Editors' and our own temporary files: a save that writes `.ch.md.swp`, `ch.md~` or vim's
/// `4913` probe, then renames, must trigger one build (for the rename), not three.
bool ignored_name(const std::string& name) {
  if (name.empty()) return false;
  auto ends = [&](const char* suffix) {
    const std::size_t n = std::strlen(suffix);
    return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
  };
  if (name[0] == '.' || name[0] == '#' || ends("~") || ends(".swp") || ends(".swx") || name == "4913") return true;
  // Outputs and their temporaries (`x.epub.AbC123`, `x.pdf.tmp42`) when -o is the manuscript folder.
  return ends(".epub") || ends(".pdf") || name.find(".epub.") != std::string::npos ||
         name.find(".pdf.") != std::string::npos;
}

class Watcher {
 public:
  Watcher(int fd, fs::path skip) : fd_(fd), skip_(std::move(skip)) {}

  /// Watches `dir` and every folder below it except hidden ones and the output folder.
  void add_tree(const fs::path& dir) {
    std::error_code ec;
    if (!skip_.empty() && fs::equivalent(dir, skip_, ec)) return;
    const int wd = inotify_add_watch(fd_, dir.c_str(), kEvents | IN_ONLYDIR);
    if (wd < 0) return;
    dirs_[wd] = dir;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_directory(ec) && !it->is_symlink(ec) && name[0] != '.') add_tree(it->path());
    }
  }

  /// Reads the pending events into `changed` (paths relative to the root); false when none mattered.
  bool drain(const fs::path& root, std::set<std::string>& changed) {
    alignas(inotify_event) char buf[16384];
    const std::size_t before = changed.size();
    for (;;) {
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(p);
        p += sizeof(inotify_event) + ev->len;
        const std::string name = ev->len ? std::string(ev->name) : std::string();
        if (ev->mask & IN_Q_OVERFLOW) {
          changed.insert(".");
          continue;
        }
        auto dir = dirs_.find(ev->wd);
        if (dir == dirs_.end()) continue;
        if (ev->mask & IN_IGNORED) {
          dirs_.erase(dir);
          continue;
        }
        if (ignored_name(name)) continue;
        const fs::path path = name.empty() ? dir->second : dir->second / name;
        std::error_code ec;
        if (!skip_.empty() && fs::equivalent(path, skip_, ec)) continue;  // the build made its output folder
        if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) add_tree(path);
        changed.insert(path.lexically_relative(root).generic_string());
      }
    }
    return changed.size() > before;
  }

 private:
  int fd_;
  fs::path skip_;
  std::map<int, fs::path> dirs_;
};

long long ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

/// One build, timed, with a one-line verdict (unless --quiet).
void build_once(const Options& opt, const char* what) {
  const auto start = std::chrono::steady_clock::now();
  const int code = run(opt);
  const long long ms = ms_since(start);
  if (opt.quiet) return;
  if (code == 0)
    std::cerr << "bindery: " << what << " in " << ms << " ms\n";
  else
    std::cerr << "bindery: " << (what[0] == 'r' ? "rebuild" : "build") << " failed in " << ms << " ms (exit " << code
              << "); the previous outputs are kept; waiting for the next save\n";
}

}  // namespace

int watch(const Options& opt) {
  std::error_code ec;
  if (!fs::exists(opt.input, ec)) {
    std::cerr << "bindery: error: `" << opt.input << "` does not exist; give a manuscript folder or a Markdown file [UsageError]\n";
    return 2;
  }
  // Block the stop signals before anything else, so Ctrl-C is read from the signalfd, never
  // delivered mid-build.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop, nullptr);
  const int sfd = signalfd(-1, &stop, SFD_CLOEXEC);
  const int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (sfd < 0 || ifd < 0) {
    std::cerr << "bindery: error: cannot watch files: " << std::strerror(errno) << " [OutputFailed]\n";
    return 3;
  }
  fs::path root = opt.input;
  if (!fs::is_directory(root, ec)) root = root.has_parent_path() ? root.parent_path() : fs::path(".");
  Watcher watcher(ifd, fs::path(opt.output_dir));
  watcher.add_tree(root);

  if (!opt.quiet) std::cerr << "bindery: watching " << root.generic_string() << " for changes; press Ctrl-C to stop\n";
  build_once(opt, "built");

  pollfd fds[2] = {{sfd, POLLIN, 0}, {ifd, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents & POLLIN) break;
    std::set<std::string> changed;
    if (!watcher.drain(root, changed)) continue;
    // Debounce: an editor's save is a burst (write a temporary, rename, touch a backup); wait
    // until the folder has been quiet for 30 ms, or at most a second, then build once.
    const auto burst = std::chrono::steady_clock::now();
    while (ms_since(burst) < 1000 && poll(&fds[1], 1, 30) > 0) watcher.drain(root, changed);
    if (poll(fds, 1, 0) > 0) break;
    if (!opt.quiet) {
      // Name the files that still exist: a save's temporary file is gone by now.
      std::string names;
      for (const auto& c : changed)
        if (fs::exists(root / c, ec) && c != ".") names += (names.empty() ? "" : ", ") + c;
      std::cerr << "bindery: " << (names.empty() ? "a file" : names) << " changed; rebuilding\n";
    }
    build_once(opt, "rebuilt");
  }
  signalfd_siginfo info{};
  if (read(sfd, &info, sizeof info) > 0 && !opt.quiet) std::cerr << "bindery: stopped\n";
  close(ifd);
  close(sfd);
  return 0;
}

}  // namespace bindery::cli
