// See allocator.hpp.
#include "util/allocator.hpp"

#ifdef BINDERY_MIMALLOC
#include <mimalloc.h>
#endif

namespace bindery::util {

void tune_allocator_for([[maybe_unused]] std::size_t input_bytes) {
#ifdef BINDERY_MIMALLOC
  constexpr std::size_t kLongBook = 1'000'000;  // a megabyte of Markdown: about 400 printed pages
  if (input_bytes >= kLongBook) mi_option_set(mi_option_decommit_delay, 0);
#endif
}

}  // namespace bindery::util
