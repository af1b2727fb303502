// Drawing a PageSet with PoDoFo 0.9.8 (pdf stage). Each word is its own DrawText (0.9.8 cannot
// justify with Tw under Identity-H); pages come from InsertPage because CreatePage frees the
// previous page (dependencies.md); every date and annotation /M is pinned for reproducibility.
#include <podofo/podofo.h>
#include <unistd.h>

#include <array>
#include <unordered_map>
#include <cstdio>
#include <fstream>

#include "io/staged_output.hpp"
#include "pdf/pdf.hpp"

using namespace PoDoFo;

namespace bindery::pdf {
namespace {

PdfString utf8(const std::string& s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str())); }

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
  // Words repeat: measuring through PoDoFo converts to UTF-16 each time, so widths are cached.
  mutable std::unordered_map<std::string, double> widths;
  double width(std::string_view s, layout::Face f, double size) const override {
    if (s.empty()) return 0;
    std::string key(s);
    key += '\0';
    key += static_cast<char>(f);
    key.append(reinterpret_cast<const char*>(&size), sizeof size);
    auto [it, fresh] = widths.try_emplace(std::move(key), 0.0);
    if (fresh) it->second = font(f, size)->GetFontMetrics()->StringWidth(utf8(std::string(s)));
    return it->second;
  }
  bool has_glyph(char32_t cp, layout::Face f) const override {
    return fonts[static_cast<int>(f)]->GetFontMetrics()->GetGlyphId(static_cast<long>(cp)) != 0;
  }
  double ascent(layout::Face f) const override { return font(f, 1)->GetFontMetrics()->GetAscent(); }
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

std::string PdfOutput::write(const layout::PageSet& set, const std::string& modified, const std::filesystem::path& path) {
  std::string bytes;
  if (std::string err = render(set, modified, bytes); !err.empty()) return err;
  return io::write_file_atomically(path, bytes);
}

std::string PdfOutput::render(const layout::PageSet& set, const std::string& modified, std::string& bytes) {
  if (!impl_->error.empty()) return impl_->error;
  PdfMemDocument& doc = impl_->doc;
  // D:YYYYMMDDhhmmssZ from YYYY-MM-DDThh:mm:ssZ.
  std::string date = "D:";
  for (char c : modified)
    if (std::isdigit(static_cast<unsigned char>(c))) date += c;
  date += "Z";
  try {
    // Every page goes into the page tree in one call: PoDoFo 0.9.8 copies the tree's /Kids array
    // on each InsertPage, and GetPage walks it, both quadratic in the page count
    // (docs/robustness.md). The page objects are ours and live until the document is written.
    std::vector<std::unique_ptr<PdfPage>> owned;
    std::vector<PdfObject*> page_objects;
    for (std::size_t i = 0; i < set.pages.size(); ++i) {
      owned.push_back(std::make_unique<PdfPage>(PdfRect(0, 0, set.width, set.height), &doc));
      page_objects.push_back(owned.back()->GetObject());
    }
    doc.GetPagesTree()->InsertPages(doc.GetPageCount() - 1, page_objects);
    std::vector<PdfPage*> pages;
    for (const auto& page : set.pages) {
      PdfPage* pg = owned[pages.size()].get();
      pages.push_back(pg);
      PdfPainter painter;
      painter.SetPage(pg);
      unsigned fill = 0xFFFFFFFF;  // the colour last set: emit colour operators only on change
      for (const auto& it : page.items) {
        const double r = ((it.colour >> 16) & 0xFF) / 255.0, g = ((it.colour >> 8) & 0xFF) / 255.0, b = (it.colour & 0xFF) / 255.0;
        if (it.kind == layout::Placed::Kind::Text) {
          if (it.text.empty()) continue;
          PdfFont* f = impl_->font(it.face, it.size);
          painter.SetFont(f);
          if (it.colour != fill) {
            painter.SetColor(r, g, b);
            fill = it.colour;
          }
          painter.DrawText(it.x, it.y, utf8(it.text));
        } else if (it.kind == layout::Placed::Kind::Rule) {
          painter.SetStrokingColor(r, g, b);
          painter.SetStrokeWidth(it.height);
          painter.DrawLine(it.x, it.y, it.x + it.width, it.y);
        } else {
          painter.SetStrokingColor(r, g, b);
          painter.SetStrokeWidth(1.2);
          painter.Rectangle(it.x, it.y, it.width, it.height, 4, 4);
          painter.Stroke();
        }
      }
      painter.FinishPage();
    }
    // Link annotations, after every page exists (a link may point forward).
    auto anchor = [&](const std::string& id) -> const layout::Anchor* {
      for (const auto& a : set.anchors)
        if (a.id == id) return &a;
      return nullptr;
    };
    for (std::size_t p = 0; p < set.pages.size(); ++p) {
      const auto& items = set.pages[p].items;
      for (std::size_t i = 0; i < items.size();) {
        const auto& it = items[i];
        if (it.kind != layout::Placed::Kind::Text || (it.uri.empty() && it.dest.empty())) {
          ++i;
          continue;
        }
        // One annotation per run of words on a line that share a target.
        double x0 = it.x, x1 = it.x + it.width;
        std::size_t j = i + 1;
        while (j < items.size() && items[j].kind == layout::Placed::Kind::Text && items[j].y == it.y &&
               items[j].uri == it.uri && items[j].dest == it.dest) {
          x1 = items[j].x + items[j].width;
          ++j;
        }
        PdfAnnotation* a = pages[p]->CreateAnnotation(ePdfAnnotation_Link, PdfRect(x0, it.y - it.size * 0.25, x1 - x0, it.size * 1.15));
        a->SetBorderStyle(0, 0, 0);
        a->SetFlags(ePdfAnnotationFlags_Print);
        a->SetContents(utf8(it.contents.empty() ? (it.uri.empty() ? "Go to " + it.dest : it.uri) : it.contents));
        if (!it.uri.empty()) {
          PdfAction act(ePdfAction_URI, &doc);
          act.SetURI(PdfString(it.uri));
          a->SetAction(act);
        } else if (const layout::Anchor* t = anchor(it.dest)) {
          a->SetDestination(PdfDestination(pages[t->page], 0, t->y + 4, 0));
        }
        a->GetObject()->GetDictionary().AddKey("M", PdfString(date));
        i = j;
      }
    }
    // Outline mirroring the headings: chapters with their sections.
    if (!set.anchors.empty()) {
      PdfOutlines* outlines = doc.GetOutlines();
      PdfOutlineItem* last_top = nullptr;
      PdfOutlineItem* last_child = nullptr;
      PdfOutlineItem* root = nullptr;
      for (const auto& a : set.anchors) {
        PdfDestination d(pages[a.page], 0, a.y + 4, 0);
        if (a.level <= 1 || !last_top) {
          if (!root) root = last_top = outlines->CreateRoot(utf8(a.title));
          else last_top = last_top->CreateNext(utf8(a.title), d);
          last_top->SetDestination(d);
          last_child = nullptr;
        } else if (a.level == 2) {
          last_child = last_child ? last_child->CreateNext(utf8(a.title), d) : last_top->CreateChild(utf8(a.title), d);
        }
      }
      doc.SetPageMode(ePdfPageModeUseBookmarks);
    }
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
    // Page labels: decimal from 1, the numbers printed in the footers.
    PdfDictionary decimal;
    decimal.AddKey("S", PdfName("D"));
    PdfArray nums;
    nums.push_back(PdfObject(static_cast<pdf_int64>(0)));
    nums.push_back(decimal);
    PdfDictionary labels;
    labels.AddKey("Nums", nums);
    doc.GetCatalog()->GetDictionary().AddKey("PageLabels", labels);

    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.Write(&device);
    bytes.assign(buffer.GetBuffer(), device.GetLength());
  } catch (const PdfError& e) {
    return std::string("PDF writer failed: ") + PdfError::ErrorMessage(e.GetError());
  }
  return {};
}

}  // namespace bindery::pdf
