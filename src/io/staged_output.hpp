// Writing the outputs so nothing half-written ever lands in out/ (io stage): every output is first
// written in full to a hidden temporary file beside its target, and only when all of them are
// complete are they renamed over the targets, together. A failure, an interrupt or a full disk
// before that point removes the temporaries and leaves the previous outputs untouched.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace bindery::io {

/// The outputs of one build, staged and then committed together.
class StagedOutputs {
 public:
  StagedOutputs() = default;
  StagedOutputs(const StagedOutputs&) = delete;
  StagedOutputs& operator=(const StagedOutputs&) = delete;
  /// Removes every temporary file not yet committed.
  ~StagedOutputs();

  /// Writes `bytes` to a temporary file beside `target` (flushed to disk). Returns "" or why not.
  std::string stage(const std::filesystem::path& target, std::string_view bytes);
  /// The same for an output too large to hold in memory: `produce` writes it through the function
  /// it is given, a piece at a time, and returns "" or its own error. Returns "" or why not (the
  /// producer's reason first, else the system's); on failure nothing is staged.
  using Producer = std::function<std::string(const std::function<void(std::string_view)>& write)>;
  std::string stage_from(const std::filesystem::path& target, const Producer& produce);
  /// Renames every staged file over its target, with SIGINT and SIGTERM held back so an interrupt
  /// cannot land between two renames. Returns "" or why not.
  std::string commit();
  /// Removes the temporaries without touching the targets.
  void discard();

 private:
  struct Staged {
    std::filesystem::path temp, target;
    int slot;
  };
  std::vector<Staged> staged_;
};

/// Stages one file and commits it at once.
std::string write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

/// Writes every byte to `fd`, retrying short writes and EINTR; "" or the system's reason
/// (e.g. "No space left on device").
std::string write_all(int fd, std::string_view bytes);

/// Removes every temporary output file currently being written or staged. Async-signal-safe:
/// called from the interrupt handler (cli/interrupt.cpp).
void remove_temporaries_from_signal_handler() noexcept;

}  // namespace bindery::io
