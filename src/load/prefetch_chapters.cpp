// See prefetch_chapters.hpp.
#include "load/prefetch_chapters.hpp"

#include "load/read_source_file.hpp"
#include "util/jobs.hpp"

namespace bindery::load {
namespace fs = std::filesystem;

std::string shown_path(const fs::path& input_dir, const std::string& relative) {
  return (input_dir / relative).lexically_normal().generic_string();
}

ChapterRead read_chapter(const fs::path& root, const fs::path& input_dir, const std::string& path, diag::SourcePos pos) {
  ChapterRead r;
  r.shown = shown_path(input_dir, path);
  r.text = read_source_text(root, path, r.shown, pos, true, r.diags);
  if (r.text) r.line_starts = diag::SourceFiles::line_starts_of(*r.text);
  return r;
}

std::vector<std::string> guess_chapter_paths(std::string_view yaml) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  };
  std::vector<std::string> out;
  bool in_list = false;
  for (std::size_t at = 0; at < yaml.size();) {
    std::size_t end = yaml.find('\n', at);
    if (end == std::string_view::npos) end = yaml.size();
    const std::string_view line = yaml.substr(at, end - at);
    at = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line[0] != ' ' && line[0] != '-') {  // a key at the start of a line
      const std::string_view key = trim(line);
      in_list = key == "chapters:" || key == "backmatter:";
      continue;
    }
    std::string_view item = trim(line);
    if (!in_list || item.substr(0, 2) != "- ") continue;
    item = trim(item.substr(2));
    if (item.substr(0, 6) == "{file:") {
      item = item.substr(6);
      item = item.substr(0, item.find_first_of(",}"));
    } else {
      item = item.substr(0, item.find(" #"));
    }
    item = trim(item);
    // Only plain names: anything quoted, escaped or odd is left to YAML.
    if (item.empty() || item.find_first_of("\"'{}[]&*!|>%@`\\") != std::string_view::npos) continue;
    out.emplace_back(item);
  }
  return out;
}

ChapterPrefetch::ChapterPrefetch(fs::path root, fs::path input_dir, std::vector<std::string> paths)
    : root_(std::move(root)), input_dir_(std::move(input_dir)), paths_(std::move(paths)), reads_(paths_.size()) {
  for (std::size_t i = 0; i < paths_.size(); ++i) index_.try_emplace(paths_[i], i);
  constexpr std::size_t kWorthIt = 64;  // files: fewer are read in less time than a thread takes to start
  if (util::jobs() >= 2 && paths_.size() >= kWorthIt) worker_ = std::thread([this] { work(); });
  else next_ = paths_.size();  // nothing guessed is read: take() finds nothing, load reads as usual
}

ChapterPrefetch::~ChapterPrefetch() {
  next_ = paths_.size();  // a failure before finish(): the worker stops at its current file
  if (worker_.joinable()) worker_.join();
}

void ChapterPrefetch::work() {
  for (std::size_t i; (i = next_.fetch_add(1)) < paths_.size();) reads_[i] = read_chapter(root_, input_dir_, paths_[i], {});
}

void ChapterPrefetch::finish() {
  if (!worker_.joinable()) return;
  work();
  worker_.join();
}

std::optional<ChapterRead> ChapterPrefetch::take(const std::string& path) {
  auto it = index_.find(path);
  if (it == index_.end()) return std::nullopt;
  ChapterRead& r = reads_[it->second];
  index_.erase(it);
  // A read that said anything is done again with the entry's position; one never made has no text.
  if (!r.text || !r.diags.all().empty()) return std::nullopt;
  return std::move(r);
}

}  // namespace bindery::load
