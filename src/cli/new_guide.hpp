// `bindery new DIR`: a new guide from a template that builds cleanly at once (cli stage).
#pragma once
#include <optional>
#include <string>

namespace bindery::cli {

struct NewGuideOptions {
  std::string dir;
  std::string title = "My guide";
  bool quiet = false;
  std::optional<long long> source_date_epoch;  ///< the template's dates; else today (UTC)
};

/// Writes book.yaml, three chapters (with a scenario and a practice that refer to each other) and
/// the default crisis lines into a new or empty folder. Returns 0, 2 (the folder is not empty) or
/// 3 (cannot write).
int new_guide(const NewGuideOptions& options);

}  // namespace bindery::cli
