// Drawing a laid-out book with PoDoFo 0.9.8 (pdf stage). Pages come from the Layout one at a time
// and are drawn, marked for the structure tree and given their link annotations as they come,
// then dropped. Each word is placed by the writer (0.9.8 cannot justify with Tw under Identity-H):
// a line's words in one TJ array where the font's advances allow it. Each page's content stream
// is written here as one string (text, rules, frames) and deflated on the second core
// (util/deflate.hpp): PdfPainter formats numbers through iostreams and deflates on every call,
// which was half the time of a build (bench/README.md). Words are encoded here as Identity-H
// glyph ids, as PoDoFo's encoding would; PoDoFo subsets and embeds the fonts and writes its own
// objects. Pages hang in a page tree built here (InsertPage is quadratic); every date and
// annotation /M is pinned for reproducibility.
#include <podofo/podofo.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <unordered_map>

#include "pdf/file_writer.hpp"
#include "pdf/pdf.hpp"
#include "pdf/structure.hpp"
#include "pdf/xmp.hpp"
#include "text/utf8.hpp"
#include "util/deflate.hpp"

using namespace PoDoFo;

namespace bindery::pdf {
namespace {

PdfString utf8(const std::string& s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str())); }

// A number for a content stream: fixed point, at most three decimals, no trailing zeros. Locale-
// free and exact to a thousandth of a point, so output bytes never depend on the environment.
void number(std::string& out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
  if (ec != std::errc()) {
    out += '0';
    return;
  }
  char* e = end;
  while (e > buf && e[-1] == '0') --e;
  if (e > buf && e[-1] == '.') --e;
  if (e == buf + 2 && buf[0] == '-' && buf[1] == '0') {  // "-0.000" -> "0"
    out += '0';
    return;
  }
  out.append(buf, e);
}

void point(std::string& out, double x, double y) {
  number(out, x);
  out += ' ';
  number(out, y);
}

/// A rectangle with corners rounded to radius `r`, as a closed path of lines and Bézier quarter
/// circles (control points at 0.5523 r, the usual circle approximation).
void rounded_rectangle(std::string& out, double x, double y, double w, double h, double r) {
  r = std::min({r, w / 2, h / 2});
  const double k = r * (1 - 0.5523);
  auto curve = [&](double x1, double y1, double x2, double y2, double x3, double y3) {
    point(out, x1, y1), out += ' ', point(out, x2, y2), out += ' ', point(out, x3, y3), out += " c\n";
  };
  point(out, x + r, y), out += " m\n";
  point(out, x + w - r, y), out += " l\n";
  curve(x + w - k, y, x + w, y + k, x + w, y + r);
  point(out, x + w, y + h - r), out += " l\n";
  curve(x + w, y + h - k, x + w - k, y + h, x + w - r, y + h);
  point(out, x + r, y + h), out += " l\n";
  curve(x + k, y + h, x, y + h - k, x, y + h - r);
  point(out, x, y + r), out += " l\n";
  curve(x, y + k, x + k, y, x + r, y);
  out += "h\n";
}

struct FontFile {
  const char* name;
  const char* path;
  bool bold, italic;
};

// Indexed by layout::Face.
const std::array<FontFile, static_cast<int>(layout::Face::Count)> kFonts = {{
    {"Noto Serif", "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf", false, false},
    {"Noto Serif", "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf", true, false},
    {"Noto Serif", "/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf", false, true},
    {"Noto Serif", "/usr/share/fonts/truetype/noto/NotoSerif-BoldItalic.ttf", true, true},
    {"Noto Sans", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", false, false},
    {"Noto Sans", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", true, false},
    {"Noto Sans", "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf", false, true},
    {"Noto Sans", "/usr/share/fonts/truetype/noto/NotoSans-BoldItalic.ttf", true, true},
    {"DejaVu Sans Mono", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", false, false},
    // For characters the Noto faces lack (arrows, check marks, many symbols).
    {"DejaVu Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", false, false},
}};

// Raw PDF syntax for the structure tree. A long book has tens of thousands of elements, and
// PoDoFo writes each key, number and reference of a PdfDictionary through its own formatted print
// (a quarter of a 1 MB book's build); written here as one string per object, they go out as is.
void raw_int(std::string& out, std::size_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void raw_ref(std::string& out, const PdfObject* o) {
  raw_int(out, static_cast<std::size_t>(o->Reference().ObjectNumber()));
  out += ' ';
  raw_int(out, static_cast<std::size_t>(o->Reference().GenerationNumber()));
  out += " R";
}

// A name: regular characters as they are, every other byte as #XX (PDF 1.7, 7.3.5).
void raw_name(std::string& out, const std::string& name) {
  static const char* hex = "0123456789ABCDEF";
  out += '/';
  for (unsigned char c : name) {
    if (c > 0x20 && c < 0x7F && !std::strchr("#()<>[]{}/%", c)) {
      out += static_cast<char>(c);
    } else {
      out += '#';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

// A text string: printable ASCII as a literal string (PDFDocEncoding agrees with ASCII there,
// and a long book's tens of thousands of link descriptions take a quarter of the bytes), anything
// else as UTF-16BE hex with its byte order mark, as PoDoFo writes PdfString from UTF-8.
void raw_text(std::string& out, const std::string& utf8_text) {
  if (std::all_of(utf8_text.begin(), utf8_text.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
    out += '(';
    for (char c : utf8_text) {
      if (c == '(' || c == ')' || c == '\\') out += '\\';
      out += c;
    }
    out += ')';
    return;
  }
  static const char* hex = "0123456789abcdef";
  auto unit = [&](unsigned u) {
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(u >> shift) & 15];
  };
  out += "<feff";
  for (std::size_t i = 0; i < utf8_text.size();) {
    bool ok = true;
    char32_t cp = text::decode_utf8(utf8_text, i, ok);
    if (!ok) cp = 0xFFFD;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + static_cast<unsigned>(cp >> 10));
      unit(0xDC00 + static_cast<unsigned>(cp & 0x3FF));
    } else {
      unit(static_cast<unsigned>(cp));
    }
  }
  out += '>';
}

// A byte string (what /ID is), literal: `(`, `)` and `\\` escaped, other bytes outside printable
// ASCII as octal (PDF 1.7, 7.3.4.2).
void raw_bytes(std::string& out, const std::string& bytes) {
  out += '(';
  for (unsigned char c : bytes) {
    if (c == '(' || c == ')' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    }
  }
  out += ')';
}

// The pages' object numbers: page p is number first + p.
struct PageNumbers {
  std::size_t first = 0;
  void ref(std::string& out, std::size_t page) const {
    raw_int(out, first + page);
    out += " 0 R";
  }
};

// The StructTreeRoot, every StructElem and the ParentTree (a page's MCIDs, then each annotation),
// as consecutive raw objects [root][elements][parent tree], written as they are made; and the page
// keys that tie them together (dependencies.md's recipe, checked with pdfinfo -struct).
// `annot_element` is each annotation's Link element (SIZE_MAX: none), `annot_number` its object
// number; those with an element have /StructParent keys after the pages', in order.
void write_structure_tree(PdfMemDocument& doc, const Structure& s, const PageNumbers& pages, std::size_t page_count,
                          const std::vector<std::size_t>& annot_element, const std::vector<std::size_t>& annot_number,
                          RawObjects& raw) {
  const std::size_t annots = annot_element.size();
  const std::size_t root = 0, first_element = 1, parent_tree = 1 + s.elements.size();
  std::vector<std::vector<std::size_t>> annots_of(s.elements.size());
  std::size_t keys = page_count;
  for (std::size_t a = 0; a < annots; ++a)
    if (annot_element[a] != SIZE_MAX) annots_of[annot_element[a]].push_back(a), ++keys;
  std::string d = "<</Type/StructTreeRoot/K ";
  raw.ref(d, first_element);
  d += "/ParentTree ";
  raw.ref(d, parent_tree);
  d += "/ParentTreeNextKey ";
  raw_int(d, keys);
  d += ">>";
  raw.add(d);
  for (std::size_t e = 0; e < s.elements.size(); ++e) {
    const StructElement& el = s.elements[e];
    d = "<</Type/StructElem/S";
    raw_name(d, el.type);
    d += "/P ";
    raw.ref(d, e == 0 ? root : first_element + el.parent);
    if (!el.id.empty()) {
      d += "/ID";
      raw_bytes(d, el.id);
    }
    // An element whose content is all on one page names that page once (/Pg) and lists bare
    // MCIDs; one that crosses pages gives each piece its own MCR with its page.
    std::size_t page = SIZE_MAX;
    bool one_page = true;
    for (const auto& k : el.kids)
      if (k.kind == StructKid::Kind::Content) {
        one_page = one_page && (page == SIZE_MAX || page == k.page);
        page = k.page;
      }
    one_page = one_page && page != SIZE_MAX;
    if (one_page) {
      d += "/Pg ";
      pages.ref(d, page);
    }
    d += "/K[";
    for (const auto& k : el.kids) {
      if (k.kind == StructKid::Kind::Element) {
        raw.ref(d, first_element + k.element);
      } else if (one_page) {
        raw_int(d, static_cast<std::size_t>(k.mcid));
      } else {
        d += "<</Type/MCR/Pg ";
        pages.ref(d, k.page);
        d += "/MCID ";
        raw_int(d, static_cast<std::size_t>(k.mcid));
        d += ">>";
      }
      d += ' ';
    }
    for (std::size_t a : annots_of[e]) {
      d += "<</Type/OBJR/Obj ";
      raw_int(d, annot_number[a]);
      d += " 0 R>> ";
    }
    if (d.back() == ' ') d.pop_back();
    d += "]>>";
    raw.add(d);
  }
  d = "<</Nums[";
  for (std::size_t p = 0; p < page_count; ++p) {
    raw_int(d, p);
    d += '[';
    for (std::size_t i = 0; i < s.mcid_owner[p].size(); ++i) {
      if (i) d += ' ';
      raw.ref(d, first_element + s.mcid_owner[p][i]);
    }
    d += "]\n";
  }
  for (std::size_t a = 0, key = page_count; a < annots; ++a) {
    if (annot_element[a] == SIZE_MAX) continue;
    raw_int(d, key++);
    d += ' ';
    raw.ref(d, first_element + annot_element[a]);
    d += '\n';
  }
  d += "]>>";
  raw.add(d);
  doc.GetCatalog()->GetDictionary().AddKey("StructTreeRoot", raw.reference(root));
}

// The outline (bookmarks) mirrors the headings: chapters, each with its sections. The first
// heading is a top entry whatever its level; deeper levels are left out.
struct Outline {
  std::vector<std::size_t> tops;                   // anchors
  std::vector<std::vector<std::size_t>> children;  // per top: anchors
  std::size_t objects() const {
    if (tops.empty()) return 0;
    std::size_t n = 1 + tops.size();
    for (const auto& c : children) n += c.size();
    return n;
  }
};

Outline plan_outline(const std::vector<layout::Anchor>& anchors) {
  Outline o;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    if (anchors[i].level <= 1 || o.tops.empty()) {
      o.tops.push_back(i);
      o.children.emplace_back();
    } else if (anchors[i].level == 2) {
      o.children.back().push_back(i);
    }
  }
  return o;
}

// Raw objects from raw.size() on: the Outlines dictionary, then each top entry followed by
// its children. Written as raw syntax like the structure tree: a long book has tens of thousands
// of sections. Every entry is closed (no /Count), as PoDoFo's were.
void write_outline(const Outline& o, const std::vector<layout::Anchor>& anchors, const PageNumbers& pages,
                   RawObjects& raw) {
  const std::size_t root = raw.size();
  std::vector<std::size_t> top_at(o.tops.size());  // each top's raw index
  std::size_t next = root + 1;
  for (std::size_t t = 0; t < o.tops.size(); ++t) {
    top_at[t] = next;
    next += 1 + o.children[t].size();
  }
  std::string d = "<</Type/Outlines/First ";
  raw.ref(d, top_at.front());
  d += "/Last ";
  raw.ref(d, top_at.back());
  d += ">>";
  raw.add(d);
  auto entry = [&](std::size_t anchor, std::size_t parent, std::size_t prev, std::size_t next_one, const std::vector<std::size_t>& kids,
                   std::size_t first_kid) {
    const layout::Anchor& a = anchors[anchor];
    std::string e = "<</Title";
    raw_text(e, a.title);
    e += "/Parent ";
    raw.ref(e, parent);
    if (prev != SIZE_MAX) e += "/Prev ", raw.ref(e, prev);
    if (next_one != SIZE_MAX) e += "/Next ", raw.ref(e, next_one);
    if (!kids.empty()) {
      e += "/First ";
      raw.ref(e, first_kid);
      e += "/Last ";
      raw.ref(e, first_kid + kids.size() - 1);
    }
    e += "/Dest[";
    pages.ref(e, a.page);
    e += "/XYZ 0 ";
    number(e, a.y + 4);
    e += " 0]>>";
    raw.add(e);
  };
  static const std::vector<std::size_t> kNone;
  for (std::size_t t = 0; t < o.tops.size(); ++t) {
    entry(o.tops[t], root, t > 0 ? top_at[t - 1] : SIZE_MAX, t + 1 < o.tops.size() ? top_at[t + 1] : SIZE_MAX, o.children[t],
          top_at[t] + 1);
    const auto& kids = o.children[t];
    for (std::size_t k = 0; k < kids.size(); ++k)
      entry(kids[k], top_at[t], k > 0 ? top_at[t] + k : SIZE_MAX, k + 1 < kids.size() ? top_at[t] + 2 + k : SIZE_MAX, kNone, 0);
  }
}

}  // namespace

struct PdfOutput::Impl : layout::FontMetrics {
  PdfMemDocument doc;
  std::array<PdfFont*, static_cast<int>(layout::Face::Count)> fonts{};
  std::string error;

  PdfFont* font(layout::Face f, double size) const {
    PdfFont* font = fonts[static_cast<int>(f)];
    font->SetFontSize(static_cast<float>(size));
    return font;
  }
  // One page's content stream. Each marked-content sequence (a run of one element's words, or an
  // artifact) holds whole text objects; inside one, a line starts with a relative Td move in
  // exact thousandths of a point, its words follow in a TJ array (below), and the font is set
  // only when it changes. Rules and frames are
  // drawn with the same hand-written operators, so the whole stream is one string that can be
  // compressed on the other core (PdfPainter compressed as it went, on this one).
  std::string draw_page(const layout::Page& page, const std::vector<ItemMark>& marks, const Structure& structure,
                        std::uint16_t& faces) {
    std::string cs;
    cs.reserve(page.items.size() * 32);
    unsigned fill = 0xFFFFFFFF;  // colour operators only on change
    int open = -1;               // the MCID being drawn; -2 an artifact; -1 none
    bool in_text = false;
    long long ox = 0, oy = 0;    // the text line origin, in thousandths of a point
    int font = -1;
    double font_size = 0;
    // A line's words go in one TJ array while they share font, size, colour and marked-content
    // sequence: each word's place is given by its distance from where the word before it ended
    // (in thousandths of the font size), not by a move and a show of its own. A third fewer bytes
    // to draw and to compress than a Td and Tj per word, at the same positions.
    bool in_array = false;
    double pen = 0;  // where the reader's pen is after the array's last word, in points
    auto end_array = [&] {
      if (in_array) cs += "] TJ\n";
      in_array = false;
    };
    auto end_text = [&] {
      end_array();
      if (in_text) cs += "ET\n";
      in_text = false;
    };
    auto close = [&] {
      end_text();
      if (open != -1) cs += "EMC\n";
      open = -1;
    };
    auto thousandths = [](double v) { return static_cast<long long>(std::llround(v * 1000)); };
    // Thousandths as a decimal with no trailing zeros, by hand: std::to_string and snprintf here
    // were a fifth of drawing a page.
    auto exact = [&](long long v) {
      if (v < 0) cs += '-', v = -v;
      char buf[24];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v / 1000);
      cs.append(buf, end);
      if (long long frac = v % 1000) {
        char digits[4] = {'.', static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                          static_cast<char>('0' + frac % 10)};
        std::size_t n = 4;
        while (digits[n - 1] == '0') --n;
        cs.append(digits, n);
      }
    };
    for (std::size_t ii = 0; ii < page.items.size(); ++ii) {
      const auto& it = page.items[ii];
      const ItemMark& mark = marks[ii];
      if (mark.kind == ItemMark::Kind::Skip) continue;
      if (it.kind == layout::Placed::Kind::Text && it.text.empty()) continue;
      if (mark.kind == ItemMark::Kind::Artifact) {
        close();
        cs += "/Artifact <</Type /";
        cs += mark.artifact;
        cs += ">> BDC\n";
        open = -2;
      } else if (mark.mcid != open) {
        close();
        cs += '/';
        cs += structure.elements[mark.element].type;
        cs += " <</MCID ";
        raw_int(cs, static_cast<std::size_t>(mark.mcid));
        cs += ">> BDC\n";
        open = mark.mcid;
      }
      const double r = ((it.colour >> 16) & 0xFF) / 255.0, g = ((it.colour >> 8) & 0xFF) / 255.0, b = (it.colour & 0xFF) / 255.0;
      if (it.kind == layout::Placed::Kind::Text) {
        const int fi = static_cast<int>(it.face);
        PdfFont* f = fonts[fi];
        faces |= static_cast<std::uint16_t>(1u << fi);
        if (!in_text) {
          cs += "BT\n";
          in_text = true;
          ox = oy = 0;
        }
        if (it.colour != fill) {
          end_array();
          number(cs, r), cs += ' ', number(cs, g), cs += ' ', number(cs, b), cs += " rg\n";
          fill = it.colour;
        }
        if (fi != font || it.size != font_size) {
          end_array();
          cs += '/';
          cs += f->GetIdentifier().GetName();
          cs += ' ';
          number(cs, it.size);
          cs += " Tf\n";
          font = fi;
          font_size = it.size;
        }
        // The word with its following space, so extracted and read-aloud text is spaced.
        bool whole = false;
        const std::string_view word = encode(it.text, it.space_after, it.face, whole);
        const long long x = thousandths(it.x), y = thousandths(it.y);
        // How far the reader's pen goes over the word: the advances the layout measured it by.
        const double advance = it.width + (it.space_after ? space(it.face, it.size) : 0);
        if (in_array && whole && y == oy) {
          // Thousandths of a TJ unit (a thousandth of the font size), so the word lands within
          // a hundred-thousandth of a point of where the layout put it.
          const long long move = std::llround((pen - it.x) * 1e6 / it.size);
          if (move != 0) exact(move);
          cs += word;
          pen += advance - static_cast<double>(move) * it.size / 1e6;
          continue;
        }
        end_array();
        exact(x - ox);
        cs += ' ';
        exact(y - oy);
        cs += " Td ";
        ox = x;
        oy = y;
        if (whole) {
          cs += '[';
          cs += word;
          in_array = true;
          pen = static_cast<double>(x) / 1000 + advance;
        } else {
          cs += word;
          cs += " Tj\n";
        }
      } else {
        end_text();
        number(cs, r), cs += ' ', number(cs, g), cs += ' ', number(cs, b), cs += " RG\n";
        if (it.kind == layout::Placed::Kind::Rule) {
          number(cs, it.height), cs += " w\n";
          point(cs, it.x, it.y), cs += " m ", point(cs, it.x + it.width, it.y), cs += " l S\n";
        } else {
          cs += "1.2 w\n";
          rounded_rectangle(cs, it.x, it.y, it.width, it.height, 4);
          cs += "S\n";
        }
      }
    }
    close();
    return cs;
  }
  // Widths are sums of advances (PoDoFo's StringWidth has no kerning), so each face keeps the
  // advance of every BMP character at size 1, looked up once: measuring is then a table walk,
  // with no string conversion or hashing. Coverage is cached the same way. Layout measures from
  // two threads (FontMetrics is thread-safe): entries are atomics, and the PoDoFo calls behind a
  // first lookup (FreeType faces are not thread-safe, and font() sets the size) take a lock.
  template <typename T>
  struct Table {
    std::unique_ptr<std::atomic<T>[]> owned;
    std::atomic<std::atomic<T>*> entries{nullptr};
  };
  mutable std::array<Table<double>, static_cast<int>(layout::Face::Count)> advances;
  mutable std::array<Table<std::int8_t>, static_cast<int>(layout::Face::Count)> coverage;
  mutable std::mutex metrics_mutex;

  template <typename T>
  std::atomic<T>* entries(Table<T>& t) const {
    std::atomic<T>* e = t.entries.load(std::memory_order_acquire);
    if (e) return e;
    std::lock_guard lock(metrics_mutex);
    if ((e = t.entries.load(std::memory_order_relaxed))) return e;
    t.owned.reset(new std::atomic<T>[0x10000]);
    for (std::size_t i = 0; i < 0x10000; ++i) t.owned[i].store(T(-1), std::memory_order_relaxed);
    t.entries.store(t.owned.get(), std::memory_order_release);
    return t.owned.get();
  }
  double width(std::string_view s, layout::Face f, double size) const override {
    std::atomic<double>* table = entries(advances[static_cast<int>(f)]);
    double w = 0;
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t at = i;
      char32_t cp = static_cast<unsigned char>(s[i]);
      bool ok = true;
      if (cp < 0x80) ++i;  // ASCII, most of the text: no decoding call
      else cp = text::decode_utf8(s, i, ok);
      if (cp < 0x10000) {
        double a = table[cp].load(std::memory_order_relaxed);
        if (a < 0) {
          std::lock_guard lock(metrics_mutex);
          a = font(f, 1)->GetFontMetrics()->UnicodeCharWidth(static_cast<unsigned short>(cp));
          table[cp].store(a, std::memory_order_relaxed);
        }
        w += a;
      } else {
        std::lock_guard lock(metrics_mutex);
        w += font(f, 1)->GetFontMetrics()->StringWidth(utf8(std::string(s.substr(at, i - at))));
      }
    }
    return w * size;
  }
  bool has_glyph(char32_t cp, layout::Face f) const override {
    if (cp >= 0x10000) {
      std::lock_guard lock(metrics_mutex);
      return fonts[static_cast<int>(f)]->GetFontMetrics()->GetGlyphId(static_cast<long>(cp)) != 0;
    }
    std::atomic<std::int8_t>* table = entries(coverage[static_cast<int>(f)]);
    std::int8_t c = table[cp].load(std::memory_order_relaxed);
    if (c < 0) {
      std::lock_guard lock(metrics_mutex);
      c = fonts[static_cast<int>(f)]->GetFontMetrics()->GetGlyphId(static_cast<long>(cp)) != 0;
      table[cp].store(c, std::memory_order_relaxed);
    }
    return c != 0;
  }
  // A word as its Identity-H glyph ids, a literal string: each UTF-16 unit becomes its glyph id,
  // two bytes big-endian, exactly as PoDoFo's PdfIdentityEncoding::ConvertToEncoding writes it,
  // with the glyph id looked up once per unit and face. Literal, not hex: half the bytes for the
  // compressor and a smaller file. `(`, `)` and `\` are escaped, and CR, which a reader would
  // take for an end of line (PDF 1.7, 7.3.4.2). The code points drawn are recorded for the font
  // subset and handed to PoDoFo once (record_used_glyphs): its set of used glyphs is the same
  // whatever the order. A word PoDoFo would read differently (invalid UTF-8, a NUL) goes through
  // PoDoFo itself.
  mutable std::array<Table<std::int32_t>, static_cast<int>(layout::Face::Count)> glyph_ids;
  std::array<std::set<char32_t>, static_cast<int>(layout::Face::Count)> used_astral;
  std::string scratch;  // encode's buffer, kept at its largest: no fill, no allocation per word

  // `whole` says whether every glyph's advance is a whole number of thousandths of an em, which is
  // what the font's /W array says a reader advances by: then the layout's width of the word is
  // exactly the reader's, and the next word on the line can be placed relative to it (a TJ array).
  // True for the Noto faces (1000 units per em), not for DejaVu's 2048.
  std::string_view encode(std::string_view s, bool space, layout::Face f, bool& whole) {
    const int fi = static_cast<int>(f);
    std::atomic<std::int32_t>* table = entries(glyph_ids[fi]);
    whole = true;
    // At most one UTF-16 unit per byte of UTF-8 (and the space), each at most four bytes escaped.
    const std::size_t room = 4 * (s.size() + 1) + 2;
    if (scratch.size() < room) scratch.resize(std::max<std::size_t>(room, 1024));
    char* const begin = scratch.data();
    char* w = begin;
    *w++ = '(';
    // A unit's entry, looked up once: its glyph id, and kNotWhole when its advance is not a
    // whole thousandth of an em (or, for half of a surrogate pair, not known). A BMP code point
    // drawn is one whose entry is filled.
    auto unit = [&](unsigned u) {
      std::int32_t g = table[u].load(std::memory_order_relaxed);
      if (g < 0) {
        bool exact = false;
        if (u < 0xD800 || u >= 0xE000) {
          std::string ch;
          text::append_utf8(ch, static_cast<char32_t>(u));
          const double a = width(ch, f, 1) * 1000;  // takes the lock itself when it must
          exact = std::abs(a - std::round(a)) <= 1e-6;
        }
        std::lock_guard lock(metrics_mutex);
        g = static_cast<std::int32_t>(fonts[fi]->GetFontMetrics()->GetGlyphId(static_cast<long>(u)) & 0xFFFF);
        if (!exact) g |= kNotWhole;
        table[u].store(g, std::memory_order_relaxed);
      }
      if (g & kNotWhole) whole = false;
      for (const char c : {static_cast<char>((g >> 8) & 0xFF), static_cast<char>(g & 0xFF)}) {
        if (c == '(' || c == ')' || c == '\\') {
          *w++ = '\\';
          *w++ = c;
        } else if (c == '\r') {
          *w++ = '\\';
          *w++ = 'r';
        } else {
          *w++ = c;
        }
      }
    };
    for (std::size_t i = 0; i < s.size();) {
      char32_t cp = static_cast<unsigned char>(s[i]);
      bool ok = true;
      if (cp < 0x80) ++i;
      else cp = text::decode_utf8(s, i, ok);
      if (!ok || cp == 0 || (cp >= 0xD800 && cp < 0xE000)) {
        whole = false;
        return encode_with_podofo(std::string(s), space, f);
      }
      if (cp >= 0x10000) {
        used_astral[fi].insert(cp);
        whole = false;
        const char32_t v = cp - 0x10000;
        unit(0xD800 + static_cast<unsigned>(v >> 10));
        unit(0xDC00 + static_cast<unsigned>(v & 0x3FF));
      } else {
        unit(static_cast<unsigned>(cp));
      }
    }
    if (space) unit(' ');
    *w++ = ')';
    return std::string_view(begin, static_cast<std::size_t>(w - begin));
  }
  static constexpr std::int32_t kNotWhole = 1 << 16;
  // A word space's width at size 1, per face, looked up once (-1: not yet).
  std::array<double, static_cast<int>(layout::Face::Count)> space_width = [] {
    std::array<double, static_cast<int>(layout::Face::Count)> a{};
    a.fill(-1);
    return a;
  }();
  double space(layout::Face f, double size) {
    double& w = space_width[static_cast<int>(f)];
    if (w < 0) w = width(" ", f, 1);
    return w * size;  // what width(" ", f, size) gives: the advance times the size
  }
  std::string_view encode_with_podofo(const std::string& s, bool space, layout::Face f) {
    PdfFont* font = fonts[static_cast<int>(f)];
    std::lock_guard lock(metrics_mutex);
    const PdfString str = utf8(space ? s + ' ' : s);
    font->AddUsedSubsettingGlyphs(str, static_cast<long>(str.GetCharacterLength()));
    const PdfRefCountedBuffer bytes = font->GetEncoding()->ConvertToEncoding(str, font);
    std::string& out = scratch;
    out.clear();
    out += '(';
    for (std::size_t i = 0; i < bytes.GetSize(); ++i) {
      const char c = bytes.GetBuffer()[i];
      if (c == '(' || c == ')' || c == '\\') out += '\\';
      if (c == '\r') out += "\\r";
      else out += c;
    }
    out += ')';
    return out;
  }
  // Gives PoDoFo every code point drawn, for the font subsets: the BMP ones are those whose
  // glyph id was looked up (surrogates only for the astral ones, recorded apart).
  void record_used_glyphs() {
    for (std::size_t fi = 0; fi < fonts.size(); ++fi) {
      std::string all;
      if (const std::atomic<std::int32_t>* ids = glyph_ids[fi].entries.load(std::memory_order_acquire))
        for (char32_t cp = 1; cp < 0x10000; ++cp)
          if ((cp < 0xD800 || cp >= 0xE000) && ids[cp].load(std::memory_order_relaxed) >= 0) text::append_utf8(all, cp);
      for (char32_t cp : used_astral[fi]) text::append_utf8(all, cp);
      if (all.empty()) continue;
      const PdfString str = utf8(all);
      fonts[fi]->AddUsedSubsettingGlyphs(str, static_cast<long>(str.GetCharacterLength()));
    }
  }

  double ascent(layout::Face f) const override {
    std::lock_guard lock(metrics_mutex);
    return font(f, 1)->GetFontMetrics()->GetAscent();
  }
};

PdfOutput::PdfOutput() : impl_(std::make_unique<Impl>()) {
  PdfError::EnableLogging(false);
  impl_->doc.SetPdfVersion(ePdfVersion_1_7);
  for (std::size_t i = 0; i < kFonts.size(); ++i) {
    const FontFile& f = kFonts[i];
    if (!std::ifstream(f.path)) {
      impl_->error += std::string(impl_->error.empty() ? "" : ", ") + f.path;
      continue;
    }
    impl_->fonts[i] = impl_->doc.CreateFontSubset(f.name, f.bold, f.italic, false,
                                                  PdfEncodingFactory::GlobalIdentityEncodingInstance(), f.path);
  }
  if (!impl_->error.empty()) impl_->error = "missing font files: " + impl_->error + " (install fonts-noto-core and fonts-dejavu-core)";
}

PdfOutput::~PdfOutput() = default;
const std::string& PdfOutput::font_error() const { return impl_->error; }
const layout::FontMetrics& PdfOutput::metrics() const { return *impl_; }

std::string PdfOutput::render(layout::Layout& layout, const std::string& modified, const ByteSink& sink) {
  // The layout's lines are freed on the second core (release_lines): no thread outlives the writer.
  struct WaitForRelease {
    const layout::Layout& layout;
    ~WaitForRelease() { layout.released(); }
  } wait_for_release{layout};
  const layout::PageSet& set = layout.plan();
  if (!impl_->error.empty()) return impl_->error;
  PdfMemDocument& doc = impl_->doc;
  // D:YYYYMMDDhhmmssZ from YYYY-MM-DDThh:mm:ssZ.
  std::string date = "D:";
  for (char c : modified)
    if (std::isdigit(static_cast<unsigned char>(c))) date += c;
  date += "Z";
  try {
    // The file is written as the pages are made (file_writer.hpp). Pages are raw objects too,
    // numbered before the first is drawn so a link can point forward, and written when their
    // stream and annotations are: a long book's thousands of PoDoFo page objects, each a tree of
    // dictionaries, were a tenth of its peak memory. They hang in a two-level tree (64 pages a
    // node) under PoDoFo's root: PdfPagesTree::InsertPage was quadratic.
    const std::size_t page_count = set.page_count;
    FileWriter file(doc, sink);
    const PageNumbers pages{file.take_numbers(page_count)};
    const std::size_t groups = (page_count + 63) / 64;
    const std::size_t first_group = file.take_numbers(groups);
    PdfObject* root = doc.GetPagesTree()->GetObject();
    PdfArray root_kids;
    for (std::size_t g = 0; g < groups; ++g) {
      std::string d = "<</Type/Pages/Parent ";
      raw_ref(d, root);
      d += "/Kids[";
      const std::size_t end = std::min(page_count, 64 * (g + 1));
      for (std::size_t p = 64 * g; p < end; ++p) {
        if (p > 64 * g) d += ' ';
        pages.ref(d, p);
      }
      d += "]/Count ";
      raw_int(d, end - 64 * g);
      d += ">>";
      file.object(first_group + g, d);
      root_kids.push_back(PdfReference(static_cast<pdf_objnum>(first_group + g), 0));
    }
    // What every page's dictionary starts with: its size and the procedure sets PoDoFo gave.
    std::string page_head = "<</Type/Page/MediaBox[0 0 ";
    point(page_head, set.width, set.height);
    page_head += "]/Resources<</ProcSet[/PDF/Text/ImageB/ImageC/ImageI]";
    // Link destinations by id, first one wins (ids are unique after resolve); a scan per link was
    // quadratic. The plan knows every heading's page before any page is made.
    std::unordered_map<std::string_view, const layout::Anchor*> anchors;
    anchors.reserve(set.anchors.size());
    for (const auto& a : set.anchors) anchors.try_emplace(a.id, &a);
    auto anchor = [&](const std::string& id) -> const layout::Anchor* {
      auto it = anchors.find(id);
      return it == anchors.end() ? nullptr : it->second;
    };
    // Each page's content stream, compressed on the other core, then its link annotations, then
    // the page itself, go into the file a few pages behind the drawing so the compressor is rarely
    // waited for. Always the same pages behind: the bytes never depend on the timing.
    std::vector<std::size_t> annot_element;  // each annotation's Link element (SIZE_MAX: none)
    std::vector<std::size_t> annot_number;   // each annotation's object number
    std::size_t struct_parents = 0;
    std::vector<std::string> page_annots(page_count);  // a page's annotations until written: bodies, each ending in '\0'
    std::vector<std::uint16_t> page_faces(page_count);  // the faces each page draws in (bits by layout::Face)
    util::DeflatePipeline deflate(util::Deflater::Format::Zlib);
    std::size_t written = 0;  // pages whose stream and annotations are in the file
    auto write_pages_before = [&](std::size_t end) {
      for (; written < end; ++written) {
        const std::size_t p = written;
        const std::size_t contents = file.take_number();
        file.deflated_stream(contents, deflate.take(p));
        std::string d = page_head;
        if (page_faces[p]) {
          d += "/Font<<";
          for (std::size_t fi = 0; fi < impl_->fonts.size(); ++fi) {
            if (!(page_faces[p] >> fi & 1)) continue;
            d += '/';
            d += impl_->fonts[fi]->GetIdentifier().GetName();
            d += ' ';
            raw_ref(d, impl_->fonts[fi]->GetObject());
          }
          d += ">>";
        }
        d += ">>/Parent ";
        raw_int(d, first_group + p / 64);
        d += " 0 R/Contents ";
        raw_int(d, contents);
        d += " 0 R";
        std::string& bodies = page_annots[p];
        if (!bodies.empty()) {
          d += "/Annots[";
          for (std::size_t at = 0, k = 0; at < bodies.size(); ++k) {
            const std::size_t end_of = bodies.find('\0', at);
            const std::size_t n = file.take_number();
            file.object(n, std::string_view(bodies).substr(at, end_of - at));
            annot_number.push_back(n);
            if (k > 0) d += ' ';
            raw_int(d, n);
            d += " 0 R";
            at = end_of + 1;
          }
          d += ']';
          std::string().swap(bodies);
        }
        // The page's key in the structure tree's ParentTree is its index (write_structure_tree).
        d += "/StructParents ";
        raw_int(d, p);
        d += "/Tabs/S>>";
        file.object(pages.first + p, d);
      }
    };
    constexpr std::size_t kBehind = 4;  // pages between the one drawn and the one written

    // Each page as the layout makes it: its structure marks, its content stream (compressed on
    // the other core) and its link annotations; then the page's items are gone.
    StructureBuilder builder(set.blocks);
    std::vector<ItemMark> marks;
    std::size_t next = 0;
    layout.emit_once([&](std::size_t p, layout::Page&& page) {
      if (p != next++ || p >= page_count) throw std::logic_error("PDF writer: pages out of order or beyond the plan");
      builder.add_page(page.items, marks);
      deflate.submit(p, impl_->draw_page(page, marks, builder.structure(), page_faces[p]));
      std::string& annot = page_annots[p];
      const auto& items = page.items;
      for (std::size_t i = 0; i < items.size();) {
        const auto& it = items[i];
        if (it.kind != layout::Placed::Kind::Text || !it.link) {
          ++i;
          continue;
        }
        // One annotation per run of words on a line that share a target.
        double x0 = it.x, x1 = it.x + it.width;
        std::size_t j = i + 1;
        while (j < items.size() && items[j].kind == layout::Placed::Kind::Text && items[j].y == it.y &&
               items[j].uri() == it.uri() && items[j].dest() == it.dest()) {
          x1 = items[j].x + items[j].width;
          ++j;
        }
        // Written as raw PDF syntax like the structure tree (a long book has tens of thousands):
        // the same keys PoDoFo's PdfAnnotation wrote, the URI action as a direct dictionary.
        // Annotations are numbered after the pages in the ParentTree.
        annot += "<</Type/Annot/Subtype/Link/P ";
        pages.ref(annot, p);
        annot += "/Rect[";
        point(annot, x0, it.y - it.size * 0.25);
        annot += ' ';
        point(annot, x1, it.y - it.size * 0.25 + it.size * 1.15);
        annot += "]/Border[0 0 0]/F 4";
        if (marks[i].kind == ItemMark::Kind::Content) {
          annot += "/StructParent ";
          raw_int(annot, page_count + struct_parents++);
          annot_element.push_back(marks[i].element);
        } else {
          annot_element.push_back(SIZE_MAX);
        }
        // What the link does; an internal one says the page it leads to, as the printed text does.
        const layout::Anchor* t = it.uri().empty() ? anchor(it.dest()) : nullptr;
        std::string says = it.contents().empty() ? (it.uri().empty() ? "Go to " + it.dest() : it.uri()) : it.contents();
        if (t) says += ", page " + std::to_string(t->page + 1);
        annot += "/Contents";
        raw_text(annot, says);
        if (!it.uri().empty()) {
          annot += "/A<</Type/Action/S/URI/URI";
          raw_bytes(annot, it.uri());
          annot += ">>";
        } else if (t) {
          annot += "/Dest[";
          pages.ref(annot, t->page);
          annot += "/XYZ 0 ";
          number(annot, t->y + 4);
          annot += " 0]";
        }
        annot += "/M";
        raw_bytes(annot, date);
        annot += ">>";
        annot += '\0';  // a body never holds one: raw_text and raw_bytes escape every control byte
        i = j;
      }
      if (p + 1 > kBehind) write_pages_before(p + 1 - kBehind);
    });
    if (next != page_count) throw std::logic_error("PDF writer: fewer pages made than planned");
    write_pages_before(page_count);
    deflate.finish();
    impl_->record_used_glyphs();
    root->GetDictionary().AddKey("Kids", root_kids);
    root->GetDictionary().AddKey("Count", static_cast<pdf_int64>(page_count));
    const Structure& structure = builder.structure();
    RawObjects tree{&file, file.take_numbers(structure.elements.size() + 2)};
    write_structure_tree(doc, structure, pages, page_count, annot_element, annot_number, tree);
    const Outline outline = plan_outline(set.anchors);
    if (outline.objects() > 0) {
      RawObjects entries{&file, file.take_numbers(outline.objects())};
      doc.GetCatalog()->GetDictionary().AddKey("Outlines", entries.reference(0));
      write_outline(outline, set.anchors, pages, entries);
      doc.SetPageMode(ePdfPageModeUseBookmarks);
    }
    // PoDoFo's objects from here on (the metadata, the font files) are numbered after Bindery's.
    file.hand_numbering_back();
    PdfInfo* info = doc.GetInfo();
    info->SetTitle(utf8(set.title));
    info->SetAuthor(utf8(set.author));
    if (!set.subject.empty()) info->SetSubject(utf8(set.subject));
    info->SetCreator(utf8("Bindery"));
    info->SetProducer(utf8(std::string("Bindery ") + BINDERY_VERSION + " with PoDoFo 0.9.8"));
    info->SetCustomKey(PdfName("CreationDate"), PdfString(date));
    info->SetCustomKey(PdfName("ModDate"), PdfString(date));
    doc.GetCatalog()->GetDictionary().AddKey("Lang", PdfString(set.language));
    doc.SetDisplayDocTitle();
    PdfDictionary mark_info;
    mark_info.AddKey("Marked", PdfVariant(true));
    doc.GetCatalog()->GetDictionary().AddKey("MarkInfo", mark_info);
    PdfObject* xmp = doc.GetObjects().CreateObject("Metadata");
    xmp->GetDictionary().AddKey("Subtype", PdfName("XML"));
    const std::string packet = xmp_packet(set, modified, std::string("Bindery ") + BINDERY_VERSION + " with PoDoFo 0.9.8");
    // Uncompressed, so tools that look for the packet as plain text find it.
    xmp->GetStream()->BeginAppend(TVecFilters(), true);
    xmp->GetStream()->Append(packet.data(), static_cast<pdf_long>(packet.size()));
    xmp->GetStream()->EndAppend();
    doc.GetCatalog()->GetDictionary().AddKey("Metadata", xmp->Reference());
    // Page labels: decimal from 1, the numbers printed in the footers.
    PdfDictionary decimal;
    decimal.AddKey("S", PdfName("D"));
    PdfArray nums;
    nums.push_back(PdfObject(static_cast<pdf_int64>(0)));
    nums.push_back(decimal);
    PdfDictionary labels;
    labels.AddKey("Nums", nums);
    doc.GetCatalog()->GetDictionary().AddKey("PageLabels", labels);

    file.finish();
  } catch (const PdfError& e) {
    return std::string("PDF writer failed: ") + PdfError::ErrorMessage(e.GetError());
  } catch (const std::exception& e) {  // libdeflate (util/deflate.hpp), the layout's own checks
    return std::string("PDF writer failed: ") + e.what();
  }
  return {};
}

}  // namespace bindery::pdf
