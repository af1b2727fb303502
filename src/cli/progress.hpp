// What a build says while it runs: a single updating progress line on a terminal for builds that
// take over a second, and stage timings for --verbose (cli stage).
#pragma once
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace bindery::cli {

/// True when a live progress line may be drawn: standard error is a terminal that can move the
/// cursor (TERM is not `dumb`), CI is not set, and the user did not ask for --quiet.
bool progress_line_allowed(bool quiet);

/// Tracks the stages of one build. With `live`, a thread redraws one status line on standard
/// error (carriage return, no newline) once the build has run for a second; finish() erases it,
/// so diagnostics printed afterwards start on a clean line.
class BuildStatus {
 public:
  explicit BuildStatus(bool live);
  ~BuildStatus();
  BuildStatus(const BuildStatus&) = delete;
  BuildStatus& operator=(const BuildStatus&) = delete;

  /// Marks the start of a stage (load, parse, resolve, layout, epub, pdf).
  void stage(const char* name);
  /// Stops the progress line and erases it; safe to call twice.
  void finish();
  /// "load 2 ms, parse 5 ms, ... (total 40 ms)" for --verbose.
  std::string timings() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Stage {
    std::string name;
    Clock::time_point start;
  };
  bool live_;
  Clock::time_point start_;
  Clock::time_point end_{};
  std::vector<Stage> stages_;
  std::thread painter_;
};

}  // namespace bindery::cli
