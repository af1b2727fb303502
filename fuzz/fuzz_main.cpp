// libFuzzer entry point for one target (chosen at compile time by BINDERY_FUZZ_TARGET): a broken
// invariant is printed and aborts, so libFuzzer saves the input as a crash.
#include <cstdio>
#include <cstdlib>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string problem =
      bindery::fuzz::BINDERY_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "bindery fuzz invariant broken:\n%s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
