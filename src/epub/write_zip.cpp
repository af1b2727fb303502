// The OCF container (EPUB 3.3 §4): a zip with `mimetype` first and stored, no extra fields, and
// fixed timestamps so the same input gives the same bytes (epub stage).
#include <zip.h>

#include <cstdio>
#include <filesystem>

#include "diag/progress.hpp"
#include "epub/epub.hpp"

namespace bindery::epub {
namespace fs = std::filesystem;

std::string write_zip(const std::vector<Entry>& entries, const fs::path& path, const std::string& modified) {
  // DOS date and time from YYYY-MM-DDThh:mm:ssZ (zip_file_set_mtime would use the local zone).
  auto num = [&](std::size_t at, std::size_t len) { return std::stoi(modified.substr(at, len)); };
  const int year = std::max(1980, num(0, 4));
  const auto dos_date = static_cast<zip_uint16_t>(((year - 1980) << 9) | (num(5, 2) << 5) | num(8, 2));
  const auto dos_time = static_cast<zip_uint16_t>((num(11, 2) << 11) | (num(14, 2) << 5) | (num(17, 2) / 2));

  // libzip writes `<path>.XXXXXX` and renames it over `path` in zip_close, so a failed build
  // never leaves a half-written book; the previous one stays until the new one is complete.
  int err = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!za) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return msg;
  }
  for (const auto& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
    if (!src) {
      std::string msg = zip_strerror(za);
      zip_discard(za);
      return msg;
    }
    zip_int64_t idx = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(src);
      std::string msg = zip_strerror(za);
      zip_discard(za);
      return msg;
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, i, e.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, e.compress ? 6 : 0) < 0 ||
        zip_file_set_dostime(za, i, dos_time, dos_date, 0) < 0) {
      std::string msg = zip_strerror(za);
      zip_discard(za);
      return msg;
    }
  }
  // zip_close compresses everything: its progress callback is the only view into the slow part.
  const double total = static_cast<double>(entries.size());
  zip_register_progress_callback_with_state(
      za, 0.05,
      [](zip_t*, double fraction, void* n) {
        const double files = *static_cast<const double*>(n);
        diag::report_progress(diag::Step::FilesZipped, static_cast<std::size_t>(fraction * files + 0.5),
                              static_cast<std::size_t>(files));
      },
      nullptr, const_cast<double*>(&total));
  if (zip_close(za) < 0) {
    std::string msg = zip_strerror(za);
    zip_discard(za);
    return msg;
  }
  return {};
}

}  // namespace bindery::epub
