// The process-wide thread budget (see jobs.hpp). Set once by the command line before any stage
// runs, read afterwards, so a plain int is enough.
#include "util/jobs.hpp"

#include <algorithm>
#include <thread>

namespace bindery::util {
namespace {
int configured = 0;  // 0: not set, use the default
}

int jobs() {
  if (configured > 0) return configured;
  return std::thread::hardware_concurrency() >= 2 ? 2 : 1;
}

void set_jobs(int n) { configured = std::clamp(n, 1, 2); }

}  // namespace bindery::util
