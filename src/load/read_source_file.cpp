// Safe reading of manuscript files: nothing outside the root, text normalised to clean UTF-8 (load).
#include "load/read_source_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "text/utf8.hpp"

namespace bindery::load {
namespace fs = std::filesystem;

std::optional<fs::path> resolve_inside(const fs::path& root, const std::string& relative, diag::SourcePos where,
                                       diag::Diagnostics& diags, bool where_known) {
  auto report = [&](diag::Kind kind, std::string msg) {
    if (where_known) diags.error(kind, where, std::move(msg));
    else diags.report_global(kind, std::move(msg));
  };
  fs::path rel(relative);
  if (relative.empty() || rel.is_absolute()) {
    report(diag::Kind::PathOutsideManuscript, "path `" + relative + "` is absolute; use a path relative to the manuscript folder");
    return std::nullopt;
  }
  std::error_code ec;
  // Every file of a build has the same root: canonicalised once per thread, not once per file
  // (each call walks the path with a system call per component).
  thread_local fs::path last_root, real_root;
  if (root != last_root || real_root.empty()) {
    real_root = fs::weakly_canonical(root, ec);
    last_root = root;
  }
  // The common case, a file directly or in plain folders under a canonical root: one lstat per
  // component proves that no symbolic link leads elsewhere (canonicalising cost a readlink and a
  // stat per component of the whole path, for each of a library's thousands of files).
  if (real_root == root) {
    fs::path at = root;
    bool plain = true;
    for (const auto& part : rel) {
      at /= part;
      struct stat st;
      if (part.empty() || part == "." || part == ".." || ::lstat(at.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) {
        plain = false;
        break;
      }
    }
    if (plain) return at;
  }
  fs::path real = fs::weakly_canonical(root / rel, ec);
  if (ec) {
    report(diag::Kind::FileUnreadable, "cannot resolve path `" + relative + "`: " + ec.message());
    return std::nullopt;
  }
  // Lexical prefix test on canonical paths: symlinks pointing out are caught because both sides
  // have been resolved.
  auto r = real_root.begin();
  auto p = real.begin();
  for (; r != real_root.end(); ++r, ++p) {
    if (p == real.end() || *p != *r) {
      const fs::path lexical = (real_root / rel).lexically_normal();
      const bool via_link = lexical.string().rfind(real_root.string(), 0) == 0 && relative.find("..") == std::string::npos;
      report(diag::Kind::PathOutsideManuscript,
                  "path `" + relative + "` " + (via_link ? "is a symbolic link to a file outside" : "leads outside") +
                      " the manuscript folder; keep every file inside it");
      return std::nullopt;
    }
  }
  return real;
}

std::optional<std::string> read_bytes(const fs::path& path, const std::string& shown, diag::SourcePos where,
                                      bool where_known, diag::Diagnostics& diags) {
  auto report = [&](diag::Kind kind, std::string msg) {
    if (where_known) diags.error(kind, where, std::move(msg));
    else diags.report_global(kind, std::move(msg));
  };
  // open, fstat, read, close: the fewest system calls for a library of thousands of files.
  // O_NONBLOCK so a FIFO cannot hang the build before it is turned away as not a regular file.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (!fs::exists(st)) report(diag::Kind::FileNotFound, "file `" + shown + "` not found");
    else if (!fs::is_regular_file(st)) report(diag::Kind::FileUnreadable, "`" + shown + "` is not a regular file");
    else report(diag::Kind::FileUnreadable, "cannot open `" + shown + "`");
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    report(diag::Kind::FileUnreadable, "`" + shown + "` is not a regular file");
    return std::nullopt;
  }
  std::string out(static_cast<std::size_t>(st.st_size) + 1, '\0');  // +1: end of file in one read
  std::size_t have = 0;
  for (;;) {
    const ssize_t got = ::read(fd, out.data() + have, out.size() - have);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      report(diag::Kind::FileUnreadable, "cannot read `" + shown + "`");
      return std::nullopt;
    }
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
    if (have == out.size()) out.resize(out.size() * 2);  // the file grew since fstat
  }
  out.resize(have);
  return out;
}

std::string normalise_text(std::string_view bytes, std::uint32_t file, diag::Diagnostics& diags) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::string out;
  out.reserve(bytes.size());
  std::uint32_t line = 1;
  std::size_t line_start = 0;  // offset in `out`
  std::uint32_t bad_utf8_line = 0, forbidden_line = 0;
  // Printable ASCII and tabs (nearly all of a manuscript) are copied in runs; only line ends and
  // everything else go through the checks below.
  const auto plain = [](unsigned char c) { return (c >= 0x20 && c < 0x7F) || c == '\t'; };
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t run = i;
    while (run < bytes.size() && plain(static_cast<unsigned char>(bytes[run]))) ++run;
    if (run > i) {
      out.append(bytes.data() + i, run - i);
      i = run;
      if (i == bytes.size()) break;
    }
    const char c = bytes[i];
    if (c == '\r' || c == '\n') {
      out += '\n';
      i += (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
      ++line;
      line_start = out.size();
      continue;
    }
    const std::size_t start = i;
    bool ok = true;
    char32_t cp = text::decode_utf8(bytes, i, ok);
    auto col = static_cast<std::uint32_t>(out.size() - line_start + 1);
    if (!ok) {
      if (bad_utf8_line != line) {
        diags.report(diag::Kind::InvalidUtf8, {file, line, col},
                     "invalid UTF-8 byte sequence replaced with U+FFFD; save the file as UTF-8");
        bad_utf8_line = line;
      }
      text::append_utf8(out, 0xFFFD);
      continue;
    }
    if (cp == 0 || !text::is_xml_char(cp)) {
      if (forbidden_line != line) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
        diags.report(diag::Kind::ForbiddenCharacter, {file, line, col},
                     std::string("control character ") + hex + " removed; XHTML cannot carry it");
        forbidden_line = line;
      }
      continue;
    }
    out.append(bytes.data() + start, i - start);  // valid UTF-8: its own bytes
  }
  return out;
}

std::optional<std::string> read_source_text(const fs::path& root, const std::string& relative, const std::string& shown,
                                            diag::SourcePos where, bool where_known, diag::Diagnostics& diags) {
  auto real = resolve_inside(root, relative, where, diags, where_known);
  if (!real) return std::nullopt;
  auto bytes = read_bytes(*real, where_known ? relative : shown, where, where_known, diags);
  if (!bytes) return std::nullopt;
  return normalise_text(*bytes, kUnregisteredFile, diags);
}

std::uint32_t register_source_text(const std::string& shown, std::string text, diag::Diagnostics&& read_diags,
                                   diag::SourceFiles& files, diag::Diagnostics& diags, std::vector<std::size_t> line_starts) {
  const std::uint32_t index =
      line_starts.empty() ? files.add(shown, std::move(text)) : files.add(shown, std::move(text), std::move(line_starts));
  for (auto& d : read_diags.all()) {
    diag::SourcePos pos = d.pos;
    if (pos.file == kUnregisteredFile) pos.file = index;
    diags.add(d.severity, d.kind, pos, d.has_pos, d.message);
  }
  return index;
}

std::optional<std::uint32_t> read_source_file(const fs::path& root, const std::string& relative,
                                              const std::string& shown, diag::SourcePos where, bool where_known,
                                              diag::SourceFiles& files, diag::Diagnostics& diags) {
  diag::Diagnostics read_diags;
  auto text = read_source_text(root, relative, shown, where, where_known, read_diags);
  if (!text) {
    diags.append(read_diags);
    return std::nullopt;
  }
  return register_source_text(shown, std::move(*text), std::move(read_diags), files, diags);
}

}  // namespace bindery::load
