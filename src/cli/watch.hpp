// `bindery watch`: rebuild on every save (cli stage).
#pragma once
#include "cli/run.hpp"

namespace bindery::cli {

/// Builds once, then rebuilds whenever a file in the manuscript folder changes (inotify), printing
/// each rebuild's diagnostics and duration. A failed rebuild writes nothing, so the last good
/// outputs stay. Returns 0 on SIGINT or SIGTERM, 2 for a missing input, 3 when it cannot watch.
int watch(const Options& options);

}  // namespace bindery::cli
