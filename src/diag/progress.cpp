// The progress listener: one global, because progress is a side channel the stages should not
// have to thread through their signatures.
#include "diag/progress.hpp"

#include <atomic>

namespace bindery::diag {
namespace {
std::atomic<ProgressSink> g_sink{nullptr};
}

void set_progress_sink(ProgressSink sink) { g_sink.store(sink); }

void report_progress(Step step, std::size_t done, std::size_t total) {
  if (ProgressSink s = g_sink.load(std::memory_order_relaxed)) s(step, done, total);
}

}  // namespace bindery::diag
