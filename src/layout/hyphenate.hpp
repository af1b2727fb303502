// Hyphenation points from libhyphen and Debian's dictionaries (layout stage): where a word may
// be broken, for the line breaker's flagged penalties.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bindery::layout {

class Hyphenator {
 public:
  /// Loads the dictionary for a BCP 47 language (en-GB -> hyph_en_GB.dic), falling back to the
  /// base language; `available()` is false when none is installed.
  explicit Hyphenator(const std::string& language, const std::string& dir = "/usr/share/hyphen");
  ~Hyphenator();
  Hyphenator(const Hyphenator&) = delete;
  Hyphenator& operator=(const Hyphenator&) = delete;

  bool available() const { return dict_ != nullptr; }
  const std::string& dictionary() const { return path_; }
  /// Byte offsets inside `word` after which a hyphen may go (safe from several threads). Leading and trailing punctuation is
  /// ignored; words with digits, existing hyphens or fewer than five letters get none.
  /// The reference stays valid until this thread asks another Hyphenator.
  const std::vector<std::size_t>& points(std::string_view word) const;

 private:
  std::vector<std::size_t> compute(std::string_view word) const;
  void* dict_ = nullptr;
  std::string path_;
  // Words repeat, and libhyphen allocates on every call: each word is hyphenated once per
  // thread (paragraphs are set on two cores), in a cache of the thread's own that belongs to the
  // dictionary with this serial number.
  std::uint64_t serial_;
};

}  // namespace bindery::layout
