// The OCF container (EPUB 3.3 §4): a zip with `mimetype` first and stored, no extra fields, and
// fixed timestamps so the same input gives the same bytes (epub stage).
#include <zip.h>

#include <cstdio>
#include <filesystem>

#include "diag/progress.hpp"
#include "epub/epub.hpp"
#include "io/staged_output.hpp"

namespace bindery::epub {
namespace fs = std::filesystem;

std::string zip_bytes(const std::vector<Entry>& entries, const std::string& modified, std::string& bytes) {
  // DOS date and time from YYYY-MM-DDThh:mm:ssZ (zip_file_set_mtime would use the local zone).
  auto num = [&](std::size_t at, std::size_t len) { return std::stoi(modified.substr(at, len)); };
  const int year = std::max(1980, num(0, 4));
  const auto dos_date = static_cast<zip_uint16_t>(((year - 1980) << 9) | (num(5, 2) << 5) | num(8, 2));
  const auto dos_time = static_cast<zip_uint16_t>((num(11, 2) << 11) | (num(14, 2) << 5) | (num(17, 2) / 2));

  // The zip is made in memory; the caller writes it out with every other output, all or nothing
  // (io/staged_output.hpp), so an interrupted or failed build never leaves half a book.
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &ze);
  if (!buffer) {
    std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return msg;
  }
  zip_source_keep(buffer);  // still needed after zip_close, to read the bytes back
  zip_t* za = zip_open_from_source(buffer, ZIP_TRUNCATE, &ze);
  if (!za) {
    std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    zip_source_free(buffer);
    zip_source_free(buffer);
    return msg;
  }
  zip_error_fini(&ze);
  auto fail = [&](std::string msg) {
    zip_discard(za);
    zip_source_free(buffer);
    return msg;
  };
  for (const auto& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
    if (!src) return fail(zip_strerror(za));
    zip_int64_t idx = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(src);
      return fail(zip_strerror(za));
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, i, e.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, e.compress ? 6 : 0) < 0 ||
        zip_file_set_dostime(za, i, dos_time, dos_date, 0) < 0)
      return fail(zip_strerror(za));
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
  if (zip_close(za) < 0) return fail(zip_strerror(za));
  zip_stat_t st;
  zip_stat_init(&st);
  std::string msg;
  if (zip_source_stat(buffer, &st) < 0 || zip_source_open(buffer) < 0) {
    msg = zip_error_strerror(zip_source_error(buffer));
  } else {
    bytes.resize(static_cast<std::size_t>(st.size));
    if (zip_source_read(buffer, bytes.data(), st.size) != static_cast<zip_int64_t>(st.size))
      msg = zip_error_strerror(zip_source_error(buffer));
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return msg;
}

std::string write_zip(const std::vector<Entry>& entries, const fs::path& path, const std::string& modified) {
  std::string bytes;
  if (std::string msg = zip_bytes(entries, modified, bytes); !msg.empty()) return msg;
  return io::write_file_atomically(path, bytes);
}

}  // namespace bindery::epub
