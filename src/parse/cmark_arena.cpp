// See cmark_arena.hpp.
#include "parse/cmark_arena.hpp"

#include <algorithm>
#include <cstring>
#include <new>

namespace bindery::parse {
namespace {

constexpr std::size_t kAlign = alignof(std::max_align_t);
constexpr std::size_t kHeader = kAlign;          // each allocation's size, before it
constexpr std::size_t kBlock = std::size_t{1} << 20;

std::size_t round_up(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

thread_local CmarkArena* t_arena = nullptr;  // the arena mem() was last asked for on this thread

std::size_t size_of(const void* block) {
  std::size_t n;
  std::memcpy(&n, static_cast<const std::byte*>(block) - kHeader, sizeof n);
  return n;
}

void* arena_calloc(std::size_t count, std::size_t size) {
  if (size != 0 && count > SIZE_MAX / size) throw std::bad_alloc();
  void* p = t_arena->allocate(count * size);
  std::memset(p, 0, count * size);
  return p;
}
void* arena_realloc(void* block, std::size_t size) { return t_arena->grow(block, size); }
void arena_free(void*) {}  // everything goes at reset()

cmark_mem g_mem = {arena_calloc, arena_realloc, arena_free};

}  // namespace

CmarkArena::CmarkArena() = default;
CmarkArena::~CmarkArena() {
  if (t_arena == this) t_arena = nullptr;
}

cmark_mem* CmarkArena::mem() {
  t_arena = this;
  return &g_mem;
}

void CmarkArena::add_block(std::size_t at_least) {
  const std::size_t size = std::max(kBlock, at_least);
  blocks_.push_back({std::make_unique_for_overwrite<std::byte[]>(size), size});
  next_ = blocks_.back().bytes.get();
  left_ = size;
}

void* CmarkArena::allocate(std::size_t size) {
  const std::size_t need = kHeader + round_up(std::max<std::size_t>(size, 1));
  if (need > left_) add_block(need);
  std::memcpy(next_, &size, sizeof size);
  std::byte* p = next_ + kHeader;
  next_ += need;
  left_ -= need;
  last_ = p;
  return p;
}

void* CmarkArena::grow(void* block, std::size_t size) {
  if (!block) return allocate(size);
  const std::size_t old = size_of(block);
  if (size <= old) return block;
  // The latest allocation grows where it is when its block has room (cmark's buffers grow one
  // at a time, each usually the last thing allocated).
  if (block == last_) {
    const std::size_t have = round_up(std::max<std::size_t>(old, 1)), want = round_up(size);
    if (want - have <= left_) {
      next_ += want - have;
      left_ -= want - have;
      std::memcpy(static_cast<std::byte*>(block) - kHeader, &size, sizeof size);
      return block;
    }
  }
  void* p = allocate(size);
  std::memcpy(p, block, old);
  return p;
}

void CmarkArena::reset() {
  // The first block stays for the next chapter; a long chapter's extra blocks go.
  if (blocks_.size() > 1) blocks_.resize(1);
  if (!blocks_.empty()) {
    next_ = blocks_.front().bytes.get();
    left_ = blocks_.front().size;
  }
  last_ = nullptr;
}

}  // namespace bindery::parse
