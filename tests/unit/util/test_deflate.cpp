// Unit tests for util/deflate: what the writers compress (libdeflate) inflates back to the same
// bytes with zlib, in both formats, the CRC matches zlib's, and the background pipeline gives every input its own result whatever the thread count.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <string>

#include "util/deflate.hpp"
#include "util/jobs.hpp"

using bindery::util::DeflatePipeline;
using bindery::util::Deflater;

namespace {

std::string inflate_bytes(const std::string& in, bool raw, std::size_t size) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, raw ? -MAX_WBITS : MAX_WBITS) == Z_OK);
  std::string out(size + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  inflateEnd(&z);
  return out;
}

// Content-stream-like text: repetitive operators, varying numbers.
std::string sample(std::size_t n, unsigned seed) {
  std::string s;
  while (s.size() < n) {
    seed = seed * 1103515245u + 12345u;
    s += "BT /F1 10.5 Tf " + std::to_string((seed >> 8) % 500) + " " + std::to_string((seed >> 4) % 800) + " Td <00" +
         std::to_string((seed >> 16) % 90 + 10) + "> Tj ET\n";
  }
  s.resize(n);
  return s;
}

}  // namespace

TEST_CASE("deflate: raw and zlib output inflate back to the input, again after reuse", "[deflate]") {
  for (auto format : {Deflater::Format::Raw, Deflater::Format::Zlib}) {
    Deflater d(format);
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{100000}}) {
      const std::string in = sample(n, static_cast<unsigned>(n));
      const std::string out = d.compress(in);
      if (n == 100000) CHECK(out.size() < in.size() / 2);
      CHECK(inflate_bytes(out, format == Deflater::Format::Raw, in.size()) == in);
    }
  }
}

TEST_CASE("deflate: the zip CRC-32 is zlib's", "[deflate]") {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{4099}, std::size_t{100000}}) {
    const std::string in = sample(n, static_cast<unsigned>(n) + 7);
    CHECK(bindery::util::crc32(in) == crc32_z(0, reinterpret_cast<const Bytef*>(in.data()), in.size()));
  }
}

TEST_CASE("deflate pipeline: every input gets its own result, identical with one or two threads", "[deflate][jobs]") {
  std::vector<std::string> inputs;
  for (unsigned i = 0; i < 40; ++i) inputs.push_back(sample(1000 + i * 997, i));
  std::vector<std::vector<std::string>> runs;
  for (int jobs : {1, 2}) {
    bindery::util::set_jobs(jobs);
    DeflatePipeline p(Deflater::Format::Zlib);
    for (std::size_t i = 0; i < inputs.size(); ++i) p.submit(i, inputs[i]);
    runs.push_back(p.finish());
  }
  bindery::util::set_jobs(2);
  REQUIRE(runs[0].size() == inputs.size());
  CHECK(runs[0] == runs[1]);
  for (std::size_t i = 0; i < inputs.size(); ++i) CHECK(inflate_bytes(runs[1][i], false, inputs[i].size()) == inputs[i]);
}
