// Unit tests for util::split_in_two: every item is worked on exactly once, in two parts balanced
// by cost when two jobs are allowed and the work is large enough, and a failure on either thread
// reaches the caller instead of ending the process.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "util/jobs.hpp"

using bindery::util::split_in_two;

TEST_CASE("split in two: each item once, two balanced parts only past the threshold", "[jobs][util]") {
  bindery::util::set_jobs(2);
  std::vector<int> seen(100, 0);
  std::vector<std::pair<std::size_t, std::size_t>> parts(2, {0, 0});
  std::vector<bool> used(2, false);
  // Items cost their index + 1: the halves are balanced by cost, not by count.
  split_in_two(
      seen.size(), [](std::size_t i) { return i + 1; }, 10,
      [&](std::size_t from, std::size_t to, bool on_worker) {
        for (std::size_t i = from; i < to; ++i) ++seen[i];
        parts[on_worker] = {from, to};
        used[on_worker] = true;
      });
  for (int s : seen) CHECK(s == 1);
  REQUIRE(used[0]);
  REQUIRE(used[1]);
  CHECK(parts[0].first == 0);
  CHECK(parts[0].second == parts[1].first);
  CHECK(parts[1].second == 100);
  CHECK(parts[0].second > 60);  // the cheap first items: more than half of them go together
  CHECK(parts[0].second < 80);

  // Below the threshold, or with one job: one part, on the calling thread.
  int calls = 0;
  split_in_two(
      100, [](std::size_t) { return 1; }, 1000, [&](std::size_t from, std::size_t to, bool on_worker) {
        ++calls;
        CHECK(from == 0);
        CHECK(to == 100);
        CHECK(!on_worker);
      });
  CHECK(calls == 1);
  bindery::util::set_jobs(1);
  calls = 0;
  split_in_two(
      100, [](std::size_t) { return 1; }, 1, [&](std::size_t, std::size_t, bool on_worker) {
        ++calls;
        CHECK(!on_worker);
      });
  CHECK(calls == 1);
  bindery::util::set_jobs(2);
}

TEST_CASE("split in two: a failure on either thread reaches the caller", "[jobs][util]") {
  bindery::util::set_jobs(2);
  for (bool fail_on_worker : {true, false}) {
    bool other_finished = false;
    CHECK_THROWS_AS(split_in_two(
                        10, [](std::size_t) { return 1; }, 1,
                        [&](std::size_t, std::size_t, bool on_worker) {
                          if (on_worker == fail_on_worker) throw std::runtime_error("out of memory");
                          other_finished = true;
                        }),
                    std::runtime_error);
    CHECK(other_finished);  // the other part ran to its end before the failure was passed on
  }
}
