// Diagnostics shared by every stage: a closed list of kinds, a sink that collects every problem of
// a run, and the source files they point into (for printing the line and a caret).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bindery::diag {

enum class Kind {
#define X(name, severity) name,
#include "diag/diagnostic_kinds.def"
#undef X
};

enum class Severity { Error, Warning };

/// Name of a kind as printed in brackets, e.g. "UnknownReference".
std::string_view kind_name(Kind kind);
/// The severity a kind has unless the caller says otherwise.
Severity default_severity(Kind kind);

/// A position in a source file: file index into SourceFiles, 1-based line, 1-based byte column.
/// Line 0 means "the file as a whole".
struct SourcePos {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
};

/// The text of every file a run has read, normalised (UTF-8, LF line ends), kept so diagnostics
/// can quote the offending line.
class SourceFiles {
 public:
  /// Registers a file under its display path and returns its index.
  std::uint32_t add(std::string display_path, std::string text);
  /// The same with the text's line starts already found (line_starts_of), on another thread.
  std::uint32_t add(std::string display_path, std::string text, std::vector<std::size_t> line_starts);
  /// Where each line of `text` begins, as add() indexes it.
  static std::vector<std::size_t> line_starts_of(std::string_view text);
  const std::string& path(std::uint32_t file) const { return files_.at(file).path; }
  const std::string& text(std::uint32_t file) const { return files_.at(file).text; }
  void set_text(std::uint32_t file, std::string text);
  /// The given 1-based line of a file without its line end, or "" when out of range. Constant
  /// time (stages look up a line per heading), and safe from several threads: the index of line
  /// starts is made when the text is set, before any stage reads it.
  std::string_view line(std::uint32_t file, std::uint32_t line) const;
  std::size_t size() const { return files_.size(); }
  /// Frees the text of every file no diagnostic in `diags` points into (its path stays), for a
  /// run that reads no source again and will only quote the lines reported so far: a long book's
  /// chapters were a tenth of its PDF's peak memory. line() is "" for those files afterwards.
  void release_unquoted(const class Diagnostics& diags);

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<std::size_t> line_starts;  ///< offset of each line's first byte
  };
  std::vector<File> files_;
};

struct Diagnostic {
  Severity severity;
  Kind kind;
  SourcePos pos;
  bool has_pos;
  std::string message;
};

/// The sink every stage reports into; stages keep going after an error so one run shows everything.
class Diagnostics {
 public:
  void error(Kind kind, SourcePos pos, std::string message) { add(Severity::Error, kind, pos, true, std::move(message)); }
  void warning(Kind kind, SourcePos pos, std::string message) { add(Severity::Warning, kind, pos, true, std::move(message)); }
  /// Reports with the kind's default severity.
  void report(Kind kind, SourcePos pos, std::string message) {
    add(default_severity(kind), kind, pos, true, std::move(message));
  }
  /// A problem that belongs to no source position (an output folder, the command line).
  void report_global(Kind kind, std::string message) {
    add(default_severity(kind), kind, {}, false, std::move(message));
  }
  void add(Severity severity, Kind kind, SourcePos pos, bool has_pos, std::string message);
  /// Adds every diagnostic of `other` after these, in order (a worker thread's own sink).
  void append(const Diagnostics& other) {
    for (const auto& d : other.all()) add(d.severity, d.kind, d.pos, d.has_pos, d.message);
  }

  const std::vector<Diagnostic>& all() const { return items_; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return items_.size() - errors_; }
  bool has_errors() const { return errors_ > 0; }
  /// Turns every warning into an error (--werror).
  void promote_warnings();

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

enum class Format { Text, Github, Json };

/// Prints every diagnostic (sorted by file and position, as a compiler does) and a summary line.
void print_diagnostics(std::string& out, const Diagnostics& diags, const SourceFiles& files, Format format,
                       bool color);

}  // namespace bindery::diag
