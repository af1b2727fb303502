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
  files_.push_back({std::move(display_path), std::move(text)});
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::string_view SourceFiles::line(std::uint32_t file, std::uint32_t line) const {
  if (file >= files_.size() || line == 0) return {};
  std::string_view text = files_[file].text;
  std::size_t start = 0;
  for (std::uint32_t n = 1; n < line; ++n) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  return text.substr(start, end - start);
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
