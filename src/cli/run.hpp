// Running the pipeline for the command line (cli stage).
#pragma once
#include <optional>
#include <string>

#include "diag/diagnostics.hpp"

namespace bindery::cli {

struct Options {
  std::string input = "manuscript";
  std::string output_dir = "out";
  bool write = true;  ///< build writes; check does not
  bool werror = false;
  bool color = false;
  std::string dump;
  bool epub = true;
  bool pdf = false;
  std::string paper;  ///< "" = as the handout style says
  diag::Format format = diag::Format::Text;
  std::optional<long long> source_date_epoch;
  bool quiet = false;    ///< no status lines (`wrote`, progress); diagnostics are still printed
  bool verbose = false;  ///< also print how long each stage took
  bool exits_after = false;  ///< the process ends after this run: big structures need not be freed
};

/// Runs load, parse, resolve and (for build) the EPUB writer; prints diagnostics to stderr.
/// Returns the process exit code.
int run(const Options& options);

}  // namespace bindery::cli
