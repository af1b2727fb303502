// zlib compression for the writers and its background pipeline (see deflate.hpp).
#include "util/deflate.hpp"

#include <zlib.h>

#include <stdexcept>

#include "util/jobs.hpp"

namespace bindery::util {

struct Deflater::State {
  z_stream z{};
  std::string buffer;
};

Deflater::Deflater(Format format) : state_(std::make_unique<State>()) {
  // memLevel 8 is zlib's default; the raw format has no header and no checksum (zip has its own).
  if (deflateInit2(&state_->z, 6, Z_DEFLATED, format == Format::Raw ? -MAX_WBITS : MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: cannot start the compressor");
}

Deflater::~Deflater() { deflateEnd(&state_->z); }

std::string Deflater::compress(std::string_view in) {
  z_stream& z = state_->z;
  if (deflateReset(&z) != Z_OK) throw std::runtime_error("zlib: cannot reset the compressor");
  // Into a reused buffer of the worst-case size, then copied out at the real size: a result that
  // kept the worst case as its capacity held as much memory as the input it replaced.
  std::string& buf = state_->buffer;
  buf.resize(deflateBound(&z, static_cast<uLong>(in.size())));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(buf.data());
  z.avail_out = static_cast<uInt>(buf.size());
  // deflateBound guarantees room for one Z_FINISH call.
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("zlib: cannot compress");
  return std::string(buf.data(), buf.size() - z.avail_out);
}

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
    if (results_.size() <= index) results_.resize(index + 1);
    if (worker_.joinable() && queue_.size() < kMaxQueued) {
      queue_.emplace_back(index, std::move(input));
      wake_.notify_one();
      return;
    }
  }
  std::string out = own_.compress(input);
  std::lock_guard lock(mutex_);
  results_[index] = std::move(out);
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
      wake_.notify_all();  // finish() may be waiting for the queue to drain
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
