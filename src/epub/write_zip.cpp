// The OCF container (EPUB 3.3 §4): a zip with `mimetype` first and stored, no extra fields, and
// fixed timestamps so the same input gives the same bytes (epub stage). libzip writes the container;
// the entries are deflated beforehand on both cores (util/deflate.hpp) and handed to libzip already
// compressed: libzip compresses one entry at a time on one thread, which was half the EPUB's time.
#include <zip.h>

#include <cstdio>
#include <cstring>

#include "diag/progress.hpp"
#include "epub/epub.hpp"
#include "util/deflate.hpp"

namespace bindery::epub {
namespace {

/// An entry's bytes, raw-deflated, with what the zip's headers need.
struct Deflated {
  std::string data;
  std::uint32_t crc = 0;
  std::uint64_t size = 0;
};

/// Deflates the compressible entries, beside the caller on the second core when allowed, and
/// takes their text (the zip needs only the compressed bytes).
std::vector<Deflated> deflate_all(std::vector<Entry>& entries) {
  std::vector<Deflated> out(entries.size());
  util::DeflatePipeline pipeline(util::Deflater::Format::Raw);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].compress) continue;
    const std::string& in = entries[i].bytes;
    out[i].size = in.size();
    out[i].crc = util::crc32(in);
    pipeline.submit(i, std::move(entries[i].bytes));  // the text goes once it is compressed
  }
  std::vector<std::string> data = pipeline.finish();
  for (std::size_t i = 0; i < data.size(); ++i) out[i].data = std::move(data[i]);
  return out;
}

struct Reader {  // the state of one deflated_source
  const Deflated* d;
  std::size_t at = 0;
  zip_error_t error{};  // what a failed command reports to libzip (ZIP_SOURCE_ERROR)
};

/// A libzip source that hands over already-deflated data: its stat says "deflated, this CRC,
/// this size", so zip_close copies the bytes as they are instead of compressing them again.
zip_int64_t deflated_source(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* r = static_cast<Reader*>(state);
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      r->at = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(len), r->d->data.size() - r->at);
      std::memcpy(data, r->d->data.data() + r->at, n);
      r->at += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &r->error);
      if (!st) return -1;
      zip_stat_init(st);
      st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD;
      st->size = r->d->size;
      st->comp_size = r->d->data.size();
      st->comp_method = ZIP_CM_DEFLATE;
      st->crc = r->d->crc;
      st->encryption_method = ZIP_EM_NONE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&r->error, data, len);
    case ZIP_SOURCE_FREE:
      zip_error_fini(&r->error);
      delete r;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

zip_source_t* make_deflated_source(zip_t* za, const Deflated& d) {
  auto* r = new Reader{&d};
  zip_error_init(&r->error);
  zip_source_t* src = zip_source_function(za, deflated_source, r);
  if (!src) {
    zip_error_fini(&r->error);
    delete r;
  }
  return src;
}

}  // namespace

std::string zip_bytes(std::vector<Entry> entries, const std::string& modified, std::string& bytes) {
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
  std::vector<Deflated> deflated;
  try {
    deflated = deflate_all(entries);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const Entry& e = entries[k];
    zip_source_t* src = e.compress ? make_deflated_source(za, deflated[k])
                                   : zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
    if (!src) return fail(zip_strerror(za));
    zip_int64_t idx = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(src);
      return fail(zip_strerror(za));
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    // A deflated entry keeps the default method, which takes the source's (already deflated).
    if ((!e.compress && zip_set_file_compression(za, i, ZIP_CM_STORE, 0) < 0) ||
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

}  // namespace bindery::epub
