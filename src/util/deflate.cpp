// DEFLATE compression for the writers (libdeflate) and its background pipeline (see deflate.hpp).
#include "util/deflate.hpp"

#include <libdeflate.h>

#include <stdexcept>

#include "util/jobs.hpp"

namespace bindery::util {

struct Deflater::State {
  libdeflate_compressor* c = nullptr;
  Format format = Format::Raw;
  std::string buffer;
};

Deflater::Deflater(Format format) : state_(std::make_unique<State>()) {
  // Level 6, zlib's default and pandoc's; libdeflate's 6 is both smaller and about 1.6 times faster
  // than zlib's on our XHTML (bench/README.md).
  state_->c = libdeflate_alloc_compressor(6);
  state_->format = format;
  if (!state_->c) throw std::runtime_error("libdeflate: cannot start the compressor (out of memory)");
}

Deflater::~Deflater() { libdeflate_free_compressor(state_->c); }

std::string Deflater::compress(std::string_view in) {
  // Into a reused buffer of the worst-case size, then copied out at the real size: a result that
  // kept the worst case as its capacity held as much memory as the input it replaced.
  std::string& buf = state_->buffer;
  const bool raw = state_->format == Format::Raw;
  buf.resize(raw ? libdeflate_deflate_compress_bound(state_->c, in.size()) : libdeflate_zlib_compress_bound(state_->c, in.size()));
  const std::size_t n = raw ? libdeflate_deflate_compress(state_->c, in.data(), in.size(), buf.data(), buf.size())
                            : libdeflate_zlib_compress(state_->c, in.data(), in.size(), buf.data(), buf.size());
  if (n == 0) throw std::runtime_error("libdeflate: cannot compress");  // cannot happen with the bound's room
  return std::string(buf.data(), n);
}

std::uint32_t crc32(std::string_view in, std::uint32_t before) { return libdeflate_crc32(before, in.data(), in.size()); }
std::uint32_t adler32(std::string_view in, std::uint32_t before) { return libdeflate_adler32(before, in.data(), in.size()); }

DeflatePipeline::DeflatePipeline(Deflater::Format format) : format_(format), own_(format) {
  if (jobs() >= 2) worker_ = std::thread([this] { work(); });
}

DeflatePipeline::~DeflatePipeline() {
  if (worker_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }
}

void DeflatePipeline::submit(std::size_t index, std::string input) {
  constexpr std::size_t kMaxQueued = 8;  // beyond this the caller helps: bounded memory
  {
    std::lock_guard lock(mutex_);
    if (results_.size() <= index) results_.resize(index + 1), ready_.resize(index + 1);
    if (worker_.joinable() && queue_.size() < kMaxQueued) {
      queue_.emplace_back(index, std::move(input));
      wake_.notify_one();
      return;
    }
  }
  std::string out = own_.compress(input);
  std::lock_guard lock(mutex_);
  results_[index] = std::move(out);
  ready_[index] = 1;
}

std::string DeflatePipeline::take(std::size_t index) {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return !error_.empty() || (index < ready_.size() && ready_[index]); });
  if (!error_.empty()) throw std::runtime_error(error_);
  return std::move(results_[index]);
}

void DeflatePipeline::work() {
  try {
    Deflater d(format_);
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return done_ || !queue_.empty(); });
      if (queue_.empty()) return;  // done and drained
      auto [index, input] = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      std::string out = d.compress(input);
      lock.lock();
      results_[index] = std::move(out);
      ready_[index] = 1;
      wake_.notify_all();  // take() or finish() may be waiting
    }
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    error_ = e.what();
    queue_.clear();
    wake_.notify_all();
  }
}

std::vector<std::string> DeflatePipeline::finish() {
  if (worker_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }
  if (!error_.empty()) throw std::runtime_error(error_);
  return std::move(results_);
}

}  // namespace bindery::util
