// Assembles every file of the EPUB in zip order: mimetype, container, package, navigation,
// stylesheet, then the spine in reading order (epub stage).
#include <cctype>

#include "epub/epub.hpp"
#include "epub/write_matter.hpp"
#include "epub/write_parts.hpp"

namespace bindery::epub {

std::vector<Entry> build_epub(const resolve::ResolvedBook& book) {
  const auto& m = *book.manuscript;
  std::vector<SpineItem> spine;
  spine.push_back({"cover", "text/cover.xhtml", "Cover", true});
  spine.push_back({"title", "text/title.xhtml", m.meta.title, true});
  spine.push_back({"crisis-front", kCrisisFront, m.crisis.heading, true});
  spine.push_back({"nav", "nav.xhtml", "Contents", true});
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    spine.push_back({"ch-" + std::to_string(i + 1), "text/" + book.chapters[i].xhtml, book.chapters[i].title, true});
  }
  spine.push_back({"crisis-back", kCrisisBack, m.crisis.heading, true});

  std::vector<Entry> out;
  out.push_back({"mimetype", "application/epub+zip", false});
  out.push_back({"META-INF/container.xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                 "  <rootfiles>\n"
                 "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
                 "  </rootfiles>\n"
                 "</container>\n",
                 true});
  out.push_back({"EPUB/package.opf", write_package(book, spine), true});
  out.push_back({"EPUB/nav.xhtml", write_nav(book), true});
  out.push_back({"EPUB/toc.ncx", write_ncx(book), true});
  out.push_back({"EPUB/css/epub.css", m.stylesheet, true});
  out.push_back({"EPUB/text/cover.xhtml", write_cover(m), true});
  out.push_back({"EPUB/text/title.xhtml", write_title_page(m), true});
  out.push_back({"EPUB/" + std::string(kCrisisFront), write_crisis_page(m, "crisis-front"), true});
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    out.push_back({"EPUB/text/" + book.chapters[i].xhtml, write_chapter(book, i), true});
  }
  out.push_back({"EPUB/" + std::string(kCrisisBack), write_crisis_page(m, "crisis-back"), true});
  for (const auto& img : book.images) {
    // Compressed images gain nothing from deflate.
    out.push_back({"EPUB/images/" + img.name, img.bytes, img.media_type == "image/svg+xml"});
  }
  return out;
}

}  // namespace bindery::epub
