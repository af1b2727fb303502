// See assemble_file.hpp.
#include "pdf/assemble_file.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <ostream>
#include <stdexcept>
#include <streambuf>

#include "util/deflate.hpp"

using namespace PoDoFo;

namespace bindery::pdf {
namespace {

void append_int(std::string& out, std::size_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// An output stream that appends to a string, for PoDoFo's PdfOutputDevice.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) out_ += static_cast<char>(c);
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string& out_;
};

}  // namespace

void RawObjects::ref(std::string& out, std::size_t index) const {
  append_int(out, first + index);
  out += " 0 R";
}

PdfReference RawObjects::reference(std::size_t index) const { return PdfReference(static_cast<pdf_objnum>(first + index), 0); }

std::size_t reserve_numbers(PdfMemDocument& doc, std::size_t count) {
  PdfVecObjects& objects = doc.GetObjects();
  const std::size_t first = objects.GetObjectCount();  // the next number PoDoFo would give
  if (count > 0) objects.SetObjectCount(PdfReference(static_cast<pdf_objnum>(first + count - 1), 0));
  return first;
}

void assemble_file(PdfMemDocument& doc, const RawObjects& raw, std::string& out) {
  doc.EmbedSubsetFonts();
  std::vector<const PdfObject*> own;  // PoDoFo's objects, by number
  for (const PdfObject* o : doc.GetObjects()) own.push_back(o);
  std::sort(own.begin(), own.end(),
            [](const PdfObject* a, const PdfObject* b) { return a->Reference().ObjectNumber() < b->Reference().ObjectNumber(); });
  const std::size_t count = own.size() + raw.size();  // objects 1..count
  std::vector<std::size_t> offsets(count + 1, 0);

  // Room for the whole file at once: growing by doubling held it up to three times over.
  std::size_t expect = 4096 + 20 * count;
  expect += raw.data.size() + 24 * raw.size();
  for (const PdfObject* o : own) expect += 160 + (o->HasStream() ? static_cast<std::size_t>(o->GetStream()->GetLength()) : 0);
  out.clear();
  out.reserve(expect);
  StringSink sink(out);
  std::ostream stream(&sink);
  PdfOutputDevice device(&stream);
  auto tell = [&] {
    stream.flush();
    return out.size();
  };
  out += "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::size_t next_own = 0;
  std::string head;
  for (std::size_t n = 1; n <= count; ++n) {
    if (n >= raw.first && n < raw.first + raw.size()) {
      stream.flush();
      offsets[n] = out.size();
      append_int(out, n);
      out += " 0 obj\n";
      out += raw.body(n - raw.first);
      out += "\nendobj\n";
      continue;
    }
    if (next_own >= own.size() || own[next_own]->Reference().ObjectNumber() != n ||
        own[next_own]->Reference().GenerationNumber() != 0)
      throw std::logic_error("PDF writer: object " + std::to_string(n) + " is missing or numbered twice");
    offsets[n] = tell();
    own[next_own++]->WriteObject(&device, ePdfWriteMode_Compact, nullptr);
  }
  const std::size_t xref = tell();

  // The file identifier: CRC-32s of the whole and of its two halves, and its length. Equal files
  // get equal ids, different ones almost surely different ids (PDF 1.7, 14.4).
  const std::string_view body(out);
  const std::uint32_t parts[4] = {util::crc32(body), util::crc32(body.substr(0, body.size() / 2)),
                                  util::crc32(body.substr(body.size() / 2)), static_cast<std::uint32_t>(body.size())};
  std::string id;
  static const char* hex = "0123456789ABCDEF";
  for (std::uint32_t p : parts)
    for (int shift = 28; shift >= 0; shift -= 4) id += hex[(p >> shift) & 15];

  out += "xref\n0 ";
  append_int(out, count + 1);
  out += "\n0000000000 65535 f \n";
  char entry[] = "0000000000 00000 n \n";  // 20 bytes, as the table requires
  for (std::size_t n = 1; n <= count; ++n) {
    std::size_t v = offsets[n];
    for (int d = 9; d >= 0; --d, v /= 10) entry[d] = static_cast<char>('0' + v % 10);
    out.append(entry, 20);
  }
  out += "trailer\n<</ID[<" + id + "><" + id + ">]/Info ";
  append_int(out, doc.GetInfo()->GetObject()->Reference().ObjectNumber());
  out += " 0 R/Root ";
  append_int(out, doc.GetCatalog()->Reference().ObjectNumber());
  out += " 0 R/Size ";
  append_int(out, count + 1);
  out += ">>\nstartxref\n";
  append_int(out, xref);
  out += "\n%%EOF\n";
}

}  // namespace bindery::pdf
