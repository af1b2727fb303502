// The PDF file itself (pdf stage): header, objects, cross-reference table, trailer, written out as
// they are made, never held whole. PoDoFo owns the pages, fonts and metadata; Bindery writes the
// objects a long book has hundreds of thousands of (content streams, link annotations, structure
// elements, outline entries) as raw syntax, straight into the file as each is finished, with
// numbers taken after PoDoFo's, and PoDoFo's own objects go last. A 10 MB book's file, its
// streams and its annotations were held until the end: half of the PDF's peak memory
// (bench/README.md). PoDoFo's own writer also printed every object number and cross-reference
// entry through vsnprintf: a tenth of a long book's build.
#pragma once
#include <podofo/podofo.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/pdf.hpp"

namespace bindery::pdf {

/// Writes one PDF file into a sink. Objects may be written in any order; each number once.
class FileWriter {
 public:
  /// Writes the header. Raw object numbers are taken after the last one `doc` has given.
  FileWriter(PoDoFo::PdfMemDocument& doc, const ByteSink& sink);
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  /// A number for a raw object (PoDoFo must create no object until finish()).
  std::size_t take_number() { return next_++; }
  /// `count` consecutive numbers; returns the first.
  std::size_t take_numbers(std::size_t count) {
    const std::size_t first = next_;
    next_ += count;
    return first;
  }
  /// Raw object `number`: `body` is what goes between `obj` and `endobj`.
  void object(std::size_t number, std::string_view body);
  /// Raw stream object `number`, its data already deflated (/FlateDecode).
  void deflated_stream(std::size_t number, std::string_view data);
  /// Moves PoDoFo's numbering past every raw number taken, so the objects it makes from here on
  /// (metadata, font files) come after them.
  void hand_numbering_back();
  /// Embeds the font subsets, writes every PoDoFo object, the cross-reference table and the
  /// trailer, whose /ID is made from every byte before it (so equal files have equal ids), and
  /// flushes the sink. Every number from 1 must have been written exactly once. Throws PdfError
  /// or std::logic_error.
  void finish();

 private:
  void put(std::string_view bytes);
  void flush();
  std::size_t tell() const { return flushed_ + buffer_.size(); }
  void begin_object(std::size_t number);

  PoDoFo::PdfMemDocument& doc_;
  const ByteSink& sink_;
  std::string buffer_;           ///< bytes not yet given to the sink
  std::size_t flushed_ = 0;      ///< bytes given to the sink
  std::uint32_t crc_ = 0, adler_ = 1;  ///< of every byte flushed
  std::size_t first_raw_, next_;
  std::vector<std::size_t> offsets_;  ///< by object number; 0: not written
};

/// Raw objects with consecutive numbers (the structure tree, the outline), written as they are
/// added: object `index` is number `first + index`.
struct RawObjects {
  FileWriter* file = nullptr;
  std::size_t first = 0;
  std::size_t count = 0;
  std::size_t size() const { return count; }
  void add(std::string_view body) { file->object(first + count++, body); }
  /// "N 0 R" for raw object `index`.
  void ref(std::string& out, std::size_t index) const;
  PoDoFo::PdfReference reference(std::size_t index) const;
};

}  // namespace bindery::pdf
