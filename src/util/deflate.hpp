// DEFLATE with libdeflate, for both writers: the EPUB's zip entries (raw deflate) and the PDF's
// content streams (zlib format, /FlateDecode). Every input is whole in memory, which is what
// libdeflate's one-call API wants; it is much faster than zlib at the same level. Compression is
// the largest single cost of both outputs, so
// it runs beside the work that produces the bytes: on the second core when --jobs allows.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace bindery::util {

/// One compressor, reused from input to input. Level 6 (zlib's default) everywhere.
class Deflater {
 public:
  enum class Format { Raw, Zlib };
  explicit Deflater(Format format);
  ~Deflater();
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
  /// The compressed bytes of `in`; throws std::runtime_error if libdeflate fails.
  std::string compress(std::string_view in);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// CRC-32 (as zip uses it) of `in`; of `before` followed by `in` when given the CRC of `before`.
std::uint32_t crc32(std::string_view in, std::uint32_t before = 0);
/// Adler-32 (as zlib uses it) of `in`; of `before` followed by `in` when given the Adler-32 of
/// `before` (1 is that of nothing).
std::uint32_t adler32(std::string_view in, std::uint32_t before = 1);

/// Compresses numbered inputs on a background thread while the caller produces the next ones.
/// Results land in their own slots, so the bytes never depend on the timing. When the queue is
/// long, or with --jobs 1, the caller compresses the input itself: memory stays bounded.
class DeflatePipeline {
 public:
  explicit DeflatePipeline(Deflater::Format format);
  ~DeflatePipeline();
  DeflatePipeline(const DeflatePipeline&) = delete;
  DeflatePipeline& operator=(const DeflatePipeline&) = delete;
  /// Queues input `index` (indices from 0, each once).
  void submit(std::size_t index, std::string input);
  /// Waits for input `index` to be compressed and hands its result over (each index once), so a
  /// caller can write results out in order while later inputs are still being compressed.
  /// Rethrows a worker's failure.
  std::string take(std::size_t index);
  /// Waits for every queued input; returns the results by index (those not taken). Rethrows a
  /// worker's failure.
  std::vector<std::string> finish();

 private:
  void work();
  Deflater::Format format_;
  Deflater own_;  // the caller's, for inputs it compresses itself
  std::vector<std::string> results_;
  std::vector<char> ready_;  // parallel to results_
  std::deque<std::pair<std::size_t, std::string>> queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::string error_;
  std::thread worker_;
};

}  // namespace bindery::util
