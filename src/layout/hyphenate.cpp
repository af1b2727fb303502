// libhyphen wrapper (layout stage). The dictionary is UTF-8 and case-sensitive, and its `hy`
// vector is indexed by code point, so words are lower-cased and offsets mapped back to bytes.
#include "layout/hyphenate.hpp"

#include <hyphen.h>

#include <atomic>
#include <cctype>
#include <filesystem>

#include "text/utf8.hpp"

namespace bindery::layout {

Hyphenator::Hyphenator(const std::string& language, const std::string& dir) {
  static std::atomic<std::uint64_t> serials{0};
  serial_ = ++serials;
  std::string tag = language;
  for (char& c : tag) c = c == '-' ? '_' : c;
  std::vector<std::string> candidates{tag, tag.substr(0, tag.find('_'))};
  if (tag.rfind("en", 0) == 0) candidates.push_back("en_US");
  for (const auto& c : candidates) {
    const std::string path = dir + "/hyph_" + c + ".dic";
    if (std::filesystem::exists(path)) {
      dict_ = hnj_hyphen_load(path.c_str());
      if (dict_) {
        path_ = path;
        break;
      }
    }
  }
}

Hyphenator::~Hyphenator() {
  if (dict_) hnj_hyphen_free(static_cast<HyphenDict*>(dict_));
}

namespace {
// Looks a word up without making a string of it (C++20 heterogeneous lookup).
struct WordHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
}  // namespace

const std::vector<std::size_t>& Hyphenator::points(std::string_view word) const {
  static const std::vector<std::size_t> kNone;
  if (!dict_) return kNone;
  // libhyphen only reads the dictionary, so threads may share it; each keeps its own cache.
  thread_local std::uint64_t cache_serial = 0;
  thread_local std::unordered_map<std::string, std::vector<std::size_t>, WordHash, std::equal_to<>> cache;
  if (cache_serial != serial_) {
    cache.clear();
    cache_serial = serial_;
  }
  if (auto known = cache.find(word); known != cache.end()) return known->second;
  return cache.emplace(std::string(word), compute(word)).first->second;
}

std::vector<std::size_t> Hyphenator::compute(std::string_view word) const {
  std::vector<std::size_t> out;
  // The letters of the word: skip punctuation around it (quotes, commas, dashes).
  std::size_t begin = 0, end = word.size();
  auto is_letter_at = [&](std::size_t i) {
    const auto c = static_cast<unsigned char>(word[i]);
    return std::isalpha(c) || c >= 0xC3;  // ASCII letters or the lead byte of a Latin-1 letter
  };
  while (begin < end && !is_letter_at(begin)) ++begin;
  while (end > begin && !std::isalpha(static_cast<unsigned char>(word[end - 1])) &&
         static_cast<unsigned char>(word[end - 1]) < 0x80)
    --end;
  std::string_view core = word.substr(begin, end - begin);
  std::vector<std::size_t> char_offsets;  // byte offset of each code point in `core`
  std::string lower;
  for (std::size_t i = 0; i < core.size();) {
    const auto c = static_cast<unsigned char>(core[i]);
    if (std::isdigit(c) || c == '-' || c == '\'' || c == '.' || c == '/' || c == '@') return out;
    char_offsets.push_back(i);
    bool ok = true;
    char32_t cp = text::decode_utf8(core, i, ok);
    if (!ok || cp == 0x2019 || cp == 0x2013 || cp == 0x2014) return out;  // apostrophes and dashes: leave alone
    if (cp < 0x80) cp = static_cast<char32_t>(std::tolower(static_cast<int>(cp)));
    text::append_utf8(lower, cp);
  }
  const std::size_t n = char_offsets.size();
  if (n < 6) return out;
  // Capitalised words (names, publishers, sentence starts) are not hyphenated.
  if (std::isupper(static_cast<unsigned char>(core[0]))) return out;
  std::vector<char> hy(lower.size() + 5, 0);
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  auto* dict = static_cast<HyphenDict*>(dict_);
  if (hnj_hyphen_hyphenate2(dict, lower.c_str(), static_cast<int>(lower.size()), hy.data(), nullptr, &rep, &pos, &cut) == 0) {
    // Three letters at least on each side: "re-/quest" and "Se-/curely" read badly in print.
    const std::size_t left = std::max<std::size_t>(3, static_cast<std::size_t>(dict->lhmin));
    const std::size_t right = std::max<std::size_t>(3, static_cast<std::size_t>(dict->rhmin));
    for (std::size_t k = left - 1; k + right < n; ++k) {
      if (hy[k] & 1) out.push_back(begin + char_offsets[k + 1]);
    }
  }
  if (rep) {
    for (std::size_t k = 0; k < lower.size(); ++k) free(rep[k]);
    free(rep);
  }
  free(pos);
  free(cut);
  return out;
}

}  // namespace bindery::layout
