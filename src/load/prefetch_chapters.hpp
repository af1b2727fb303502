// Reading a library's chapter files while book.yaml is parsed (load stage). yaml-cpp takes 18 ms
// for a book.yaml that lists 2,500 chapters, and the chapters could only be read after it: the
// plainly listed paths are guessed from book.yaml's text first, and read on the second core while
// the first parses it, then both cores finish the reading. A guess only saves time: what the parsed
// YAML lists decides, a file guessed wrongly is read for nothing (it is inside the manuscript
// folder: the reads are the same checked reads), and a read that reported anything is done again
// in its place, so the file indexes and diagnostics are those of a one-thread run.
#pragma once
#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "diag/diagnostics.hpp"

namespace bindery::load {

/// A path as the user sees it: the input as typed, joined with the file name.
std::string shown_path(const std::filesystem::path& input_dir, const std::string& relative);

/// A chapter file read and normalised, not yet registered; its diagnostics in its own sink.
struct ChapterRead {
  std::string shown;
  std::optional<std::string> text;
  std::vector<std::size_t> line_starts;  ///< found on the reading thread, not at registration
  diag::Diagnostics diags;
};

/// Reads chapter `path` of the manuscript at `root` (shown as under `input_dir`); `pos` is its entry
/// in book.yaml, where a missing or refused file is reported.
ChapterRead read_chapter(const std::filesystem::path& root, const std::filesystem::path& input_dir, const std::string& path,
                         diag::SourcePos pos);

/// The paths book.yaml lists in the plain forms (`- name.md`, `- {file: name.md, ...}`) under a
/// `chapters:` or `backmatter:` key at the start of a line: a guess from the text alone.
std::vector<std::string> guess_chapter_paths(std::string_view yaml);

/// Reads guessed chapters on the second core from construction, when --jobs allows and the guess
/// is long enough to pay (a library, not a guide).
class ChapterPrefetch {
 public:
  ChapterPrefetch(std::filesystem::path root, std::filesystem::path input_dir, std::vector<std::string> paths);
  ~ChapterPrefetch();
  ChapterPrefetch(const ChapterPrefetch&) = delete;
  ChapterPrefetch& operator=(const ChapterPrefetch&) = delete;
  /// Reads what is left beside the second core and waits for it.
  void finish();
  /// The read of `path` (after finish()) if it was guessed and read without any diagnostic;
  /// each path's read is handed out once.
  std::optional<ChapterRead> take(const std::string& path);

 private:
  void work();
  std::filesystem::path root_, input_dir_;
  std::vector<std::string> paths_;
  std::vector<ChapterRead> reads_;
  std::unordered_map<std::string, std::size_t> index_;
  std::atomic<std::size_t> next_{0};
  std::thread worker_;
};

}  // namespace bindery::load
