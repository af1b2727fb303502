// Assembles every file of the EPUB in zip order: mimetype, container, package, navigation,
// stylesheet, then the spine in reading order (epub stage).
#include <cctype>
#include <thread>

#include "epub/epub.hpp"
#include "epub/write_matter.hpp"
#include "epub/write_parts.hpp"
#include "util/jobs.hpp"

namespace bindery::epub {

std::vector<Entry> build_epub(const resolve::ResolvedBook& book, const PrintPages* print) {
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

  // The content documents first: the page list is what their page marks turned out to be.
  const auto index = print ? index_marks(*print) : std::unordered_map<const void*, std::vector<PageMark>>{};
  std::vector<std::size_t> title_pages, back_pages;
  if (print)
    for (const auto& s : print->starts) {
      if (s.where == layout::PageStart::Where::Title) title_pages.push_back(s.page + 1);
      if (s.where == layout::PageStart::Where::CrisisBack) back_pages.push_back(s.page + 1);
    }
  PageList pages;
  auto marked = [&](PageMarkSink& sink, const std::string& href) {
    for (std::size_t p : sink.written) pages.push_back({p, href + "#" + page_id(p)});
  };
  PageMarkSink title_sink{print ? &index : nullptr, {}};
  std::string title = write_title_page(m, &title_sink, title_pages);
  marked(title_sink, "text/title.xhtml");
  // Chapter files are independent: a long book's are written on two cores, each chapter into
  // its own slot, so the bytes do not depend on the threads.
  const std::size_t n = book.chapters.size();
  std::vector<std::string> chapters(n);
  std::vector<PageMarkSink> sinks(n, PageMarkSink{print ? &index : nullptr, {}});
  auto write_range = [&](std::size_t from, std::size_t step) {
    for (std::size_t i = from; i < n; i += step) chapters[i] = write_chapter(book, i, &sinks[i]);
  };
  if (n >= 8 && util::jobs() >= 2) {
    std::thread other([&] { write_range(1, 2); });
    write_range(0, 2);
    other.join();
  } else {
    write_range(0, 1);
  }
  for (std::size_t i = 0; i < n; ++i) marked(sinks[i], "text/" + book.chapters[i].xhtml);
  PageMarkSink back_sink{print ? &index : nullptr, {}};
  std::string back = write_crisis_page(m, "crisis-back", &back_sink, back_pages);
  marked(back_sink, kCrisisBack);

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
  out.push_back({"EPUB/package.opf", write_package(book, spine, print), true});
  out.push_back({"EPUB/nav.xhtml", write_nav(book, pages), true});
  out.push_back({"EPUB/toc.ncx", write_ncx(book, pages), true});
  out.push_back({"EPUB/css/epub.css", m.stylesheet, true});
  out.push_back({"EPUB/text/cover.xhtml", write_cover(m), true});
  out.push_back({"EPUB/text/title.xhtml", std::move(title), true});
  out.push_back({"EPUB/" + std::string(kCrisisFront), write_crisis_page(m, "crisis-front"), true});
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    out.push_back({"EPUB/text/" + book.chapters[i].xhtml, std::move(chapters[i]), true});
  }
  out.push_back({"EPUB/" + std::string(kCrisisBack), std::move(back), true});
  for (const auto& img : book.images) {
    // Compressed images gain nothing from deflate.
    out.push_back({"EPUB/images/" + img.name, img.bytes, img.media_type == "image/svg+xml"});
  }
  return out;
}

}  // namespace bindery::epub
