// The process-wide thread budget (see jobs.hpp). Set once by the command line before any stage
// runs, read afterwards, so a plain int is enough.
#include "util/jobs.hpp"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
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

namespace {
constexpr std::size_t kLargeBlock = 32u << 20;  // glibc's largest M_MMAP_THRESHOLD on 64-bit
}

void tune_allocator() {
  // Blocks up to 32 MB come from the arenas (an mmap'd block is faulted in afresh each time),
  // and up to 64 MB of free memory at the top of an arena is kept rather than given back, so
  // reserve_thread_heap's growth stays and later stages reuse what earlier ones freed.
  // Sanitizer builds replace malloc; these calls are then ignored.
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargeBlock));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kLargeBlock));
  // The main heap grows 16 MB at a time (untouched pages cost no memory), not 128 kB per brk.
  mallopt(M_TOP_PAD, static_cast<int>(kLargeBlock / 2));
}

void reserve_thread_heap() {
  // One block of nearly an arena heap's size, freed at once: the arena's heap is now mapped
  // read-write that far (untouched pages cost no memory), so it grows without system calls.
  void* volatile block = std::malloc(kLargeBlock - (1u << 20));  // volatile: not optimised away
  std::free(block);
}

}  // namespace bindery::util
