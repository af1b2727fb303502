// How many threads a build may use (`--jobs`): 2 by default on a machine with two or more cores,
// 1 to run every stage on one thread. Stages that split work read it; the output bytes never
// depend on it (tests build both ways and compare).
#pragma once
#include <cstddef>
#include <exception>
#include <thread>

namespace bindery::util {

int jobs();
void set_jobs(int n);

/// Runs `work(from, to, on_worker)` over the items [0, n): in two parts of about equal cost
/// (`cost(i)` per item), the second on a new thread, when two jobs are allowed and the whole costs
/// at least `min_cost` (below that a thread costs more than it saves); else as one part on the
/// calling thread. The caller keeps what each part reports apart (`on_worker`) and merges it in
/// item order afterwards, so results never depend on the split.
template <typename Cost, typename Work>
void split_in_two(std::size_t n, Cost cost, std::size_t min_cost, Work work) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += cost(i);
  if (jobs() < 2 || n < 2 || total < min_cost) {
    work(std::size_t{0}, n, false);
    return;
  }
  std::size_t split = 0, so_far = 0;
  while (split + 1 < n && so_far + cost(split) <= total / 2) so_far += cost(split++);
  if (split == 0) split = 1;
  // A failure on either thread (out of memory, a library error) reaches the caller as it would
  // on one thread, after both are done; never std::terminate.
  std::exception_ptr failed;
  std::thread worker([&] {
    try {
      work(split, n, true);
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    work(std::size_t{0}, split, false);
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
  if (failed) std::rethrow_exception(failed);
}

}  // namespace bindery::util
