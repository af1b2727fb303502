// Staged, all-or-nothing output files (see staged_output.hpp). The paths of temporaries live in a
// fixed table of plain char arrays so the interrupt handler can unlink them without allocating.
#include "io/staged_output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace bindery::io {
namespace fs = std::filesystem;
namespace {

constexpr int kSlots = 8;
constexpr std::size_t kPathMax = 4096;
struct Slot {
  char path[kPathMax];
  volatile sig_atomic_t used;
};
Slot g_slots[kSlots];

// Claims a slot for `path` before the file exists, so there is no moment when a temporary is on
// disk and unknown to the handler.
int claim(const std::string& path) {
  if (path.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    if (!g_slots[i].used) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      std::atomic_signal_fence(std::memory_order_seq_cst);  // the path is complete before it is used
      g_slots[i].used = 1;
      return i;
    }
  }
  return -1;
}

void release(int slot) {
  if (slot >= 0) g_slots[slot].used = 0;
}

std::string errno_text(int e) { return std::strerror(e); }

}  // namespace

std::string write_all(int fd, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_text(errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

StagedOutputs::~StagedOutputs() { discard(); }

void StagedOutputs::discard() {
  for (const auto& s : staged_) {
    ::unlink(s.temp.c_str());
    release(s.slot);
  }
  staged_.clear();
}

std::string StagedOutputs::stage(const fs::path& target, std::string_view bytes) {
  return stage_from(target, [bytes](const std::function<void(std::string_view)>& write) {
    write(bytes);
    return std::string();
  });
}

std::string StagedOutputs::stage_from(const fs::path& target, const Producer& produce) {
  // Hidden, beside the target (same file system, so the rename is atomic), named for this process.
  const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  const int slot = claim(temp.string());
  if (slot < 0) return "too many output files or path too long";
  // O_NOFOLLOW: a symlink planted at the temporary's name is never followed out of the folder.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    const std::string why = errno_text(errno);
    release(slot);
    return why;
  }
  // The first failure is kept and later writes are skipped: the producer goes on to its end (it
  // holds no error path per write) and the temporary is removed below.
  std::string why;
  std::string produced;
  try {
    produced = produce([&](std::string_view bytes) {
      if (why.empty()) why = write_all(fd, bytes);
    });
  } catch (...) {  // (out of memory) the temporary goes with it
    ::close(fd);
    ::unlink(temp.c_str());
    release(slot);
    throw;
  }
  if (!produced.empty()) why = std::move(produced);
  // A full disk may only show at fsync or close (delayed allocation): both are checked.
  if (why.empty() && ::fsync(fd) != 0 && errno != EINVAL) why = errno_text(errno);
  if (::close(fd) != 0 && why.empty()) why = errno_text(errno);
  if (!why.empty()) {
    ::unlink(temp.c_str());
    release(slot);
    return why;
  }
  staged_.push_back({temp, target, slot});
  return {};
}

std::string StagedOutputs::commit() {
  sigset_t hold, old;
  sigemptyset(&hold);
  sigaddset(&hold, SIGINT);
  sigaddset(&hold, SIGTERM);
  sigaddset(&hold, SIGHUP);
  sigprocmask(SIG_BLOCK, &hold, &old);
  std::string why;
  for (auto& s : staged_) {
    if (::rename(s.temp.c_str(), s.target.c_str()) != 0) {
      why = "cannot replace `" + s.target.generic_string() + "`: " + errno_text(errno);
      break;
    }
    release(s.slot);
    s.slot = -1;
    s.temp.clear();
  }
  // Whatever was not renamed is removed (the destructor would too; done here while signals wait).
  for (const auto& s : staged_)
    if (!s.temp.empty()) {
      ::unlink(s.temp.c_str());
      release(s.slot);
    }
  staged_.clear();
  // Once every output is in place the build is done: a stop request that arrived while they were
  // being renamed stays held, and the process ends normally with the new outputs (reporting
  // "terminated" and exit 3 then would be untrue). After a failure it is delivered as usual.
  if (!why.empty()) sigprocmask(SIG_SETMASK, &old, nullptr);
  return why;
}

std::string write_file_atomically(const fs::path& target, std::string_view bytes) {
  StagedOutputs out;
  if (auto why = out.stage(target, bytes); !why.empty()) return why;
  return out.commit();
}

void remove_temporaries_from_signal_handler() noexcept {
  for (auto& s : g_slots)
    if (s.used) ::unlink(s.path);
}

}  // namespace bindery::io
