// Prints diagnostics like a compiler (file:line:col, the source line, a caret), or as GitHub
// Actions annotations, or as JSON lines for other tools.
#include <algorithm>
#include <string>

#include "diag/diagnostics.hpp"
#include "text/utf8.hpp"

namespace bindery::diag {
namespace {

// Columns are stored in bytes (cmark's unit) and shown in characters, as editors count them.
std::uint32_t display_column(const SourceFiles& files, const Diagnostic& d) {
  if (d.pos.col == 0) return 0;
  std::string_view line = files.line(d.pos.file, d.pos.line);
  if (line.empty()) return d.pos.col;
  return static_cast<std::uint32_t>(text::count_code_points(line, d.pos.col - 1) + 1);
}

std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

void print_text(std::string& out, const Diagnostic& d, const SourceFiles& files, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* sev_color = color ? (d.severity == Severity::Error ? "\033[1;31m" : "\033[1;35m") : "";
  const char* caret_color = color ? "\033[1;32m" : "";
  out += bold;
  if (d.has_pos) {
    out += files.path(d.pos.file);
    if (d.pos.line > 0) {
      out += ':' + std::to_string(d.pos.line);
      if (d.pos.col > 0) out += ':' + std::to_string(display_column(files, d));
    }
    out += ": ";
  } else {
    out += "bindery: ";
  }
  out += reset;
  out += sev_color;
  out += d.severity == Severity::Error ? "error: " : "warning: ";
  out += reset;
  out += bold;
  out += d.message;
  out += reset;
  out += " [";
  out += kind_name(d.kind);
  out += "]\n";
  if (!d.has_pos || d.pos.line == 0) return;
  std::string_view line = files.line(d.pos.file, d.pos.line);
  if (line.empty()) return;
  // Very long lines (a whole paragraph) are cut around the column so the caret stays readable.
  std::size_t col_byte = d.pos.col > 0 ? d.pos.col - 1 : 0;
  std::size_t start = 0;
  if (line.size() > 160 && col_byte > 80) {
    start = col_byte - 60;
    while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
  }
  std::size_t end = std::min(line.size(), start + 160);
  while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
  out += "  ";
  if (start > 0) out += "...";
  out.append(line.substr(start, end - start));
  if (end < line.size()) out += "...";
  out += '\n';
  if (d.pos.col == 0) return;
  out += "  ";
  if (start > 0) out += "   ";
  for (std::size_t i = start; i < col_byte && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    out += line[i] == '\t' ? '\t' : ' ';
  }
  out += caret_color;
  out += "^";
  out += reset;
  out += '\n';
}

}  // namespace

void print_diagnostics(std::string& out, const Diagnostics& diags, const SourceFiles& files, Format format,
                       bool color) {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : diags.all()) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->has_pos != b->has_pos) return !a->has_pos;
    if (a->pos.file != b->pos.file) return a->pos.file < b->pos.file;
    if (a->pos.line != b->pos.line) return a->pos.line < b->pos.line;
    return a->pos.col < b->pos.col;
  });
  for (const Diagnostic* d : sorted) {
    const char* sev = d->severity == Severity::Error ? "error" : "warning";
    switch (format) {
      case Format::Text:
        print_text(out, *d, files, color);
        break;
      case Format::Github:
        out += "::";
        out += sev;
        if (d->has_pos) {
          out += " file=" + github_escape(files.path(d->pos.file), true);
          if (d->pos.line > 0) out += ",line=" + std::to_string(d->pos.line);
          if (d->pos.col > 0) out += ",col=" + std::to_string(display_column(files, *d));
          out += ",title=" + std::string(kind_name(d->kind));
        } else {
          out += " title=" + std::string(kind_name(d->kind));
        }
        out += "::" + github_escape(d->message, false) + '\n';
        break;
      case Format::Json:
        out += "{\"severity\":\"";
        out += sev;
        out += "\",\"kind\":\"";
        out += kind_name(d->kind);
        out += "\",\"file\":";
        out += d->has_pos ? "\"" + text::json_escape(files.path(d->pos.file)) + "\"" : "null";
        out += ",\"line\":" + std::to_string(d->has_pos ? d->pos.line : 0);
        out += ",\"column\":" + std::to_string(d->has_pos ? display_column(files, *d) : 0);
        out += ",\"message\":\"" + text::json_escape(d->message) + "\"}\n";
        break;
    }
  }
  if (format == Format::Text && !sorted.empty()) {
    auto plural = [](std::size_t n, const char* word) {
      return std::to_string(n) + ' ' + word + (n == 1 ? "" : "s");
    };
    std::size_t e = diags.error_count(), w = diags.warning_count();
    if (e > 0 && w > 0) out += plural(e, "error") + " and " + plural(w, "warning") + " generated.\n";
    else if (e > 0) out += plural(e, "error") + " generated.\n";
    else out += plural(w, "warning") + " generated.\n";
  }
}

}  // namespace bindery::diag
