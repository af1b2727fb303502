// Memory for cmark's parse of one chapter (parse stage): a bump allocator whose blocks are all
// dropped at once when the chapter's tree has been read into the document model. cmark allocates
// and frees every node, every text buffer and every growth of one separately; through the
// process's allocator that was a sixth of `check`'s instructions, and freeing the tree node by
// node another twentieth.
#pragma once
#include <cmark.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace bindery::parse {

/// An arena for one thread's cmark parses. `mem()` is what cmark_parser_new_with_mem takes; every
/// allocation through it lives until reset(), which keeps the arena's first block for the next
/// parse. Not for sharing between threads (cmark's allocator interface has no context pointer,
/// so the arena in use is the calling thread's).
class CmarkArena {
 public:
  CmarkArena();
  ~CmarkArena();
  CmarkArena(const CmarkArena&) = delete;
  CmarkArena& operator=(const CmarkArena&) = delete;
  cmark_mem* mem();
  /// Frees everything allocated since the last reset: trees made through mem() must not be used.
  void reset();

  void* allocate(std::size_t size);
  void* grow(void* block, std::size_t size);

 private:
  struct Block {
    std::unique_ptr<std::byte[]> bytes;
    std::size_t size;
  };
  std::vector<Block> blocks_;
  std::byte* next_ = nullptr;  ///< where the next allocation goes in the last block
  std::size_t left_ = 0;       ///< bytes after next_ in the last block
  std::byte* last_ = nullptr;  ///< the latest allocation, which can grow in place
  void add_block(std::size_t at_least);
};

}  // namespace bindery::parse
