// The progress line and stage timings. The stages report counts through diag::report_progress;
// a painter thread turns them into one line so a stage busy in a long call (a layout pass, zip
// compression) still shows it is alive.
#include "cli/progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "diag/progress.hpp"

namespace bindery::cli {
namespace {

// What the painter shows; written by the build thread, read by the painter.
std::atomic<const char*> g_stage{""};
std::atomic<std::size_t> g_chapters{0}, g_chapters_total{0}, g_pages{0}, g_zipped{0}, g_zip_total{0};
std::mutex g_mutex;
std::condition_variable g_wake;
bool g_stop = false;

void on_progress(diag::Step step, std::size_t done, std::size_t total) {
  switch (step) {
    case diag::Step::ChaptersParsed:
      g_chapters = done;
      g_chapters_total = total;
      break;
    case diag::Step::PagesLaidOut:
      g_pages = done;
      break;
    case diag::Step::FilesZipped:
      g_zipped = done;
      g_zip_total = total;
      break;
  }
}

std::string status_line() {
  std::string s = std::string("bindery: ") + g_stage.load() + ": " + std::to_string(g_chapters.load()) + "/" +
                  std::to_string(g_chapters_total.load()) + " chapters parsed";
  if (g_pages) s += ", " + std::to_string(g_pages.load()) + " pages laid out";
  if (g_zip_total) s += ", " + std::to_string(g_zipped.load()) + "/" + std::to_string(g_zip_total.load()) + " files zipped";
  // One physical line: a wrapped line could not be redrawn with a carriage return.
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10 && s.size() >= ws.ws_col) s.resize(ws.ws_col - 1);
  return s;
}

void write_all(const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(STDERR_FILENO, s.data() + off, s.size() - off);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace

bool progress_line_allowed(bool quiet) {
  if (quiet || !isatty(STDERR_FILENO)) return false;
  const char* ci = std::getenv("CI");
  if (ci && *ci) return false;
  const char* term = std::getenv("TERM");
  return !(term && std::strcmp(term, "dumb") == 0);
}

BuildStatus::BuildStatus(bool live) : live_(live), start_(Clock::now()) {
  if (!live_) return;
  g_stage = "loading";
  g_chapters = g_chapters_total = g_pages = g_zipped = g_zip_total = 0;
  g_stop = false;
  diag::set_progress_sink(&on_progress);
  painter_ = std::thread([start = start_] {
    bool drawn = false;
    std::unique_lock lock(g_mutex);
    while (!g_wake.wait_for(lock, std::chrono::milliseconds(100), [] { return g_stop; })) {
      // Short builds stay silent: the line appears only after a second.
      if (Clock::now() - start < std::chrono::seconds(1)) continue;
      write_all("\r\033[K" + status_line());
      drawn = true;
    }
    if (drawn) write_all("\r\033[K");
  });
}

BuildStatus::~BuildStatus() { finish(); }

void BuildStatus::stage(const char* name) {
  stages_.push_back({name, Clock::now()});
  if (live_) g_stage = name;
}

void BuildStatus::finish() {
  if (end_ == Clock::time_point{}) end_ = Clock::now();
  if (!painter_.joinable()) return;
  {
    std::lock_guard lock(g_mutex);
    g_stop = true;
  }
  g_wake.notify_all();
  painter_.join();
  diag::set_progress_sink(nullptr);
}

std::string BuildStatus::timings() const {
  const auto end = end_ == Clock::time_point{} ? Clock::now() : end_;
  auto ms = [](Clock::duration d) { return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms"; };
  std::string out;
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    const auto stop = i + 1 < stages_.size() ? stages_[i + 1].start : end;
    out += (out.empty() ? "" : ", ") + stages_[i].name + " " + ms(stop - stages_[i].start);
  }
  return out + (out.empty() ? "" : " ") + "(total " + ms(end - start_) + ")";
}

}  // namespace bindery::cli
