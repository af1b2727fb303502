// The PDF file itself (pdf stage): header, objects, cross-reference table, trailer. PoDoFo owns
// the pages, fonts and metadata; Bindery writes the objects a long book has tens of thousands
// of (link annotations, structure elements, outline entries) as raw syntax with numbers reserved in
// PoDoFo's numbering, and assembles the file from both. PoDoFo's own writer printed every
// object number and cross-reference entry through vsnprintf: a tenth of a long book's build.
#pragma once
#include <podofo/podofo.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bindery::pdf {

/// Objects written as raw PDF syntax (what goes between `obj` and `endobj`), numbered from
/// `first` in order. The bodies lie end to end in one buffer: a long book has a hundred thousand
/// of them, and a string each cost an allocation each and scattered them through memory.
struct RawObjects {
  std::size_t first = 0;
  std::string data;               ///< every body, one after another
  std::vector<std::size_t> ends;  ///< where each body ends in `data`
  std::size_t size() const { return ends.size(); }
  void add(std::string_view body) {
    data += body;
    ends.push_back(data.size());
  }
  std::string_view body(std::size_t index) const {
    const std::size_t from = index == 0 ? 0 : ends[index - 1];
    return std::string_view(data).substr(from, ends[index] - from);
  }
  /// "N 0 R" for raw object `index`.
  void ref(std::string& out, std::size_t index) const;
  PoDoFo::PdfReference reference(std::size_t index) const;
};

/// Reserves `count` object numbers after the last one PoDoFo has given; PoDoFo's later objects
/// come after them. Returns the first.
std::size_t reserve_numbers(PoDoFo::PdfMemDocument& doc, std::size_t count);

/// Embeds the font subsets and writes the whole file into `out`: every object in number order
/// (PoDoFo's through PdfObject::WriteObject, the raw ones as they are), then the cross-reference
/// table and the trailer, whose /ID is made from the bytes before it (so equal files have equal
/// ids). Object numbers must run from 1 with no gap. Throws PdfError or std::logic_error.
void assemble_file(PoDoFo::PdfMemDocument& doc, const RawObjects& raw, std::string& out);

}  // namespace bindery::pdf
