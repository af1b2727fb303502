// How many threads a build may use (`--jobs`): 2 by default on a machine with two or more cores,
// 1 to run every stage on one thread. Stages that split work read it; the output bytes never
// depend on it (tests build both ways and compare).
#pragma once

namespace bindery::util {

int jobs();
void set_jobs(int n);

}  // namespace bindery::util
