// See file_writer.hpp.
#include "pdf/file_writer.hpp"

#include <algorithm>
#include <charconv>
#include <ostream>
#include <stdexcept>
#include <streambuf>

#include "util/deflate.hpp"

using namespace PoDoFo;

namespace bindery::pdf {
namespace {

constexpr std::size_t kBuffer = 1 << 18;  // bytes gathered before each write to the sink

void append_int(std::string& out, std::size_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// An output stream that appends to a string, for PoDoFo's PdfOutputDevice.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(const std::function<void(std::string_view)>& put) : put_(put) {}

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      const char ch = static_cast<char>(c);
      put_(std::string_view(&ch, 1));
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    put_(std::string_view(s, static_cast<std::size_t>(n)));
    return n;
  }

 private:
  const std::function<void(std::string_view)>& put_;
};

}  // namespace

void RawObjects::ref(std::string& out, std::size_t index) const {
  append_int(out, first + index);
  out += " 0 R";
}

PdfReference RawObjects::reference(std::size_t index) const { return PdfReference(static_cast<pdf_objnum>(first + index), 0); }

FileWriter::FileWriter(PdfMemDocument& doc, const ByteSink& sink) : doc_(doc), sink_(sink) {
  first_raw_ = next_ = doc.GetObjects().GetObjectCount();  // the next number PoDoFo would give
  buffer_.reserve(kBuffer + 4096);
  put("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
}

void FileWriter::put(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > kBuffer) {
    flush();
    if (bytes.size() > kBuffer) {  // a large stream goes to the sink as it is
      crc_ = util::crc32(bytes, crc_);
      adler_ = util::adler32(bytes, adler_);
      flushed_ += bytes.size();
      sink_(bytes);
      return;
    }
  }
  buffer_ += bytes;
}

void FileWriter::flush() {
  if (buffer_.empty()) return;
  crc_ = util::crc32(buffer_, crc_);
  adler_ = util::adler32(buffer_, adler_);
  flushed_ += buffer_.size();
  sink_(buffer_);
  buffer_.clear();
}

void FileWriter::begin_object(std::size_t number) {
  if (offsets_.size() <= number) offsets_.resize(std::max(number + 1, offsets_.size() * 2), 0);
  if (offsets_[number] != 0) throw std::logic_error("PDF writer: object " + std::to_string(number) + " written twice");
  offsets_[number] = tell();
  std::string head;
  append_int(head, number);
  head += " 0 obj\n";
  put(head);
}

void FileWriter::object(std::size_t number, std::string_view body) {
  begin_object(number);
  put(body);
  put("\nendobj\n");
}

void FileWriter::deflated_stream(std::size_t number, std::string_view data) {
  begin_object(number);
  std::string dict = "<</Filter/FlateDecode/Length ";
  append_int(dict, data.size());
  dict += ">>\nstream\n";
  put(dict);
  put(data);
  put("\nendstream\nendobj\n");
}

void FileWriter::hand_numbering_back() {
  if (next_ > first_raw_) doc_.GetObjects().SetObjectCount(PdfReference(static_cast<pdf_objnum>(next_ - 1), 0));
}

void FileWriter::finish() {
  hand_numbering_back();
  doc_.EmbedSubsetFonts();
  std::vector<const PdfObject*> own;  // PoDoFo's objects, by number
  for (const PdfObject* o : doc_.GetObjects()) own.push_back(o);
  std::sort(own.begin(), own.end(),
            [](const PdfObject* a, const PdfObject* b) { return a->Reference().ObjectNumber() < b->Reference().ObjectNumber(); });
  const std::function<void(std::string_view)> to_file = [this](std::string_view b) { put(b); };
  StringSink streambuf(to_file);
  std::ostream stream(&streambuf);
  PdfOutputDevice device(&stream);
  for (const PdfObject* o : own) {
    const std::size_t n = o->Reference().ObjectNumber();
    if (o->Reference().GenerationNumber() != 0 || (n >= first_raw_ && n < next_))
      throw std::logic_error("PDF writer: PoDoFo's object " + std::to_string(n) + " has a number Bindery took");
    stream.flush();
    if (offsets_.size() <= n) offsets_.resize(n + 1, 0);
    if (offsets_[n] != 0) throw std::logic_error("PDF writer: object " + std::to_string(n) + " written twice");
    offsets_[n] = tell();
    o->WriteObject(&device, ePdfWriteMode_Compact, nullptr);
  }
  stream.flush();
  const std::size_t count = std::max(own.empty() ? 0 : static_cast<std::size_t>(own.back()->Reference().ObjectNumber()), next_ - 1);
  offsets_.resize(count + 1, 0);
  for (std::size_t n = 1; n <= count; ++n)
    if (offsets_[n] == 0) throw std::logic_error("PDF writer: object " + std::to_string(n) + " is missing");
  flush();
  const std::size_t xref = tell();

  // The file identifier: the CRC-32 and the Adler-32 of every byte before the table, the byte
  // count and the object count. Equal files get equal ids, different ones almost surely
  // different ids (PDF 1.7, 14.4); made as the file streams out, so it is never held whole.
  const std::uint32_t parts[4] = {crc_, adler_, static_cast<std::uint32_t>(xref), static_cast<std::uint32_t>(count)};
  std::string id;
  static const char* hex = "0123456789ABCDEF";
  for (std::uint32_t p : parts)
    for (int shift = 28; shift >= 0; shift -= 4) id += hex[(p >> shift) & 15];

  std::string out = "xref\n0 ";
  append_int(out, count + 1);
  out += "\n0000000000 65535 f \n";
  put(out);
  char entry[] = "0000000000 00000 n \n";  // 20 bytes, as the table requires
  for (std::size_t n = 1; n <= count; ++n) {
    std::size_t v = offsets_[n];
    for (int d = 9; d >= 0; --d, v /= 10) entry[d] = static_cast<char>('0' + v % 10);
    put(std::string_view(entry, 20));
  }
  out = "trailer\n<</ID[<" + id + "><" + id + ">]/Info ";
  append_int(out, doc_.GetInfo()->GetObject()->Reference().ObjectNumber());
  out += " 0 R/Root ";
  append_int(out, doc_.GetCatalog()->Reference().ObjectNumber());
  out += " 0 R/Size ";
  append_int(out, count + 1);
  out += ">>\nstartxref\n";
  append_int(out, xref);
  out += "\n%%EOF\n";
  put(out);
  flush();
}

}  // namespace bindery::pdf
