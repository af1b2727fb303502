// The diagnostics sink and the source-file table (shared by all stages).
#include "diag/diagnostics.hpp"

namespace bindery::diag {

std::string_view kind_name(Kind kind) {
  switch (kind) {
#define X(name, severity) \
  case Kind::name:        \
    return #name;
#include "diag/diagnostic_kinds.def"
#undef X
  }
  return "Unknown";
}

Severity default_severity(Kind kind) {
  switch (kind) {
#define X(name, severity) \
  case Kind::name:        \
    return Severity::severity;
#include "diag/diagnostic_kinds.def"
#undef X
  }
  return Severity::Error;
}

std::uint32_t SourceFiles::add(std::string display_path, std::string text) {
  std::vector<std::size_t> starts = line_starts_of(text);
  return add(std::move(display_path), std::move(text), std::move(starts));
}

std::uint32_t SourceFiles::add(std::string display_path, std::string text, std::vector<std::size_t> line_starts) {
  files_.push_back({std::move(display_path), std::move(text), std::move(line_starts)});
  return static_cast<std::uint32_t>(files_.size() - 1);
}

void SourceFiles::set_text(std::uint32_t file, std::string text) {
  File& f = files_.at(file);
  f.text = std::move(text);
  f.line_starts = line_starts_of(f.text);
}

std::vector<std::size_t> SourceFiles::line_starts_of(std::string_view text) {
  std::vector<std::size_t> starts(1, 0);
  for (std::size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) starts.push_back(at + 1);
  return starts;
}

std::string_view SourceFiles::line(std::uint32_t file, std::uint32_t line) const {
  if (file >= files_.size() || line == 0) return {};
  const File& f = files_[file];
  if (line > f.line_starts.size()) return {};
  const std::size_t start = f.line_starts[line - 1];
  if (start > f.text.size()) return {};
  std::size_t end = line < f.line_starts.size() ? f.line_starts[line] - 1 : f.text.size();
  return std::string_view(f.text).substr(start, end - start);
}

void SourceFiles::release_unquoted(const Diagnostics& diags) {
  std::vector<char> quoted(files_.size(), 0);
  for (const auto& d : diags.all())
    if (d.has_pos && d.pos.file < files_.size()) quoted[d.pos.file] = 1;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (quoted[i]) continue;
    std::string().swap(files_[i].text);
    std::vector<std::size_t>().swap(files_[i].line_starts);
  }
}

void Diagnostics::add(Severity severity, Kind kind, SourcePos pos, bool has_pos, std::string message) {
  if (severity == Severity::Error) ++errors_;
  items_.push_back({severity, kind, pos, has_pos, std::move(message)});
}

void Diagnostics::promote_warnings() {
  for (auto& d : items_) {
    if (d.severity == Severity::Warning) {
      d.severity = Severity::Error;
      ++errors_;
    }
  }
}

}  // namespace bindery::diag
