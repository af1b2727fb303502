// The driver: every stage runs so one invocation reports every problem; nothing is written
// unless the whole manuscript is free of errors (cli stage).
#include "cli/run.hpp"

#include <filesystem>
#include <functional>
#include <future>
#include <iostream>

#include "cli/progress.hpp"
#include "epub/epub.hpp"
#include "io/staged_output.hpp"
#include "layout/hyphenate.hpp"
#include "layout/layout.hpp"
#include "pdf/pdf.hpp"
#include "pdf/structure.hpp"
#include "load/manuscript.hpp"
#include "parse/parse.hpp"
#include "resolve/resolved_book.hpp"
#include "util/allocator.hpp"
#include "util/jobs.hpp"

namespace bindery::cli {
namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // g++ -fsanitize=address (the asan-ubsan preset)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
constexpr bool kSanitized = true;  // clang (the fuzz preset)
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

int run(const Options& opt) {
  std::error_code ec;
  if (!fs::exists(opt.input, ec)) {
    std::cerr << "bindery: error: `" << opt.input << "` does not exist; give a manuscript folder or a Markdown file [UsageError]\n";
    return 2;
  }
  // The PDF's layout runs when the handout is written (the EPUB then marks where its pages begin)
  // or the pages are dumped, even by `check`.
  const bool lay_out = (opt.pdf && opt.write) || opt.dump == "pages" || opt.dump == "structure";
  // Loading the fonts and the hyphenation dictionary takes as long as reading the guide: both
  // happen on the second core while the manuscript is loaded, parsed and resolved.
  std::future<std::unique_ptr<pdf::PdfOutput>> fonts;
  const auto policy = util::jobs() >= 2 ? std::launch::async : std::launch::deferred;
  if (lay_out) fonts = std::async(policy, [] { return std::make_unique<pdf::PdfOutput>(); });
  BuildStatus status(opt.format == diag::Format::Text && progress_line_allowed(opt.quiet));
  status.stage("load");
  diag::SourceFiles files;
  diag::Diagnostics diags;
  load::LoadOptions lo;
  lo.source_date_epoch = opt.source_date_epoch;
  load::Manuscript manuscript = load::load_manuscript(opt.input, lo, files, diags);
  {
    std::size_t bytes = 0;
    for (const auto& ch : manuscript.chapters) bytes += ch.markdown_text(files).size();
    util::tune_allocator_for(bytes);
  }
  std::future<std::unique_ptr<layout::Hyphenator>> hyphenator;
  if (lay_out) {
    hyphenator = std::async(policy, [lang = manuscript.meta.language] {
      return std::make_unique<layout::Hyphenator>(lang);
    });
  }
  status.stage("parse");
  doc::Book book = parse::parse_book(manuscript, files, diags);
  // The parse stage was the only reader of the chapters' blanked copies; diagnostics quote the
  // source files (`files`). A long book's second copy of its text goes now.
  for (auto& ch : manuscript.chapters) std::string().swap(ch.markdown);
  if (opt.dump == "doc") std::cout << doc::dump_book(book, files);
  status.stage("resolve");
  resolve::ResolvedBook resolved = resolve::resolve_book(std::move(book), manuscript, files, diags);
  if (opt.dump == "resolved") std::cout << resolve::dump_resolved(resolved);
  std::unique_ptr<pdf::PdfOutput> pdf_out;
  std::unique_ptr<layout::Hyphenator> hy;
  layout::Layout layout;
  std::string paper;
  // A run that ends the process leaves its largest structures to the operating system, as
  // compilers do: freeing a long book's millions of small objects (PoDoFo's, the layout's) one by
  // one took a tenth of its build time. Never under a sanitizer (LeakSanitizer would rightly
  // report it) and never in `watch`, which builds again and again.
  struct LeaveToExit {
    const std::function<void()> leave;
    ~LeaveToExit() { leave(); }
  } leave_to_exit{[&] {
    if (!opt.exits_after || kSanitized) return;
    new auto(std::move(layout));
    new auto(std::move(resolved));
    new auto(std::move(manuscript));
    (void)pdf_out.release();
  }};
  if (lay_out) {
    status.stage("layout");
    pdf_out = fonts.get();
    hy = hyphenator.get();
    if (!pdf_out->font_error().empty()) {
      diags.report_global(diag::Kind::OutputFailed, pdf_out->font_error());
    } else if (!diags.has_errors()) {
      load::HandoutStyle handout = manuscript.handout;
      if (!opt.paper.empty()) handout.paper = opt.paper;  // --paper wins over the style file
      layout::PageStyle style(handout);
      paper = handout.paper == "letter" ? "US Letter" : "A4";
      // A handout-only build reads each chapter's model for the last time when the layout collects
      // its part of the flow, and no source once the flow's warnings are reported: a long book's
      // model and chapters are freed then, before the lines are set (only the lines diagnostics
      // quote are kept).
      layout::LayoutReleases releases;
      if (!opt.epub && opt.dump.empty()) {
        releases.chapter_collected = [&](std::size_t i) { std::vector<doc::Node>().swap(resolved.book.chapters[i].blocks); };
        releases.flow_ready = [&] {
          files.release_unquoted(diags);
          std::vector<resolve::NumberedItem>().swap(resolved.numbered);
          std::vector<resolve::ChapterOut>().swap(resolved.chapters);
        };
      }
      layout = layout::plan_layout(resolved, pdf_out->metrics(), style, *hy, diags, releases);
      if (opt.dump == "pages" || opt.dump == "structure") {
        const layout::PageSet pages = layout.collect();
        if (opt.dump == "pages") std::cout << layout::dump_pages(pages);
        if (opt.dump == "structure") std::cout << pdf::dump_structure(pdf::build_structure(pages), pages);
      }
    }
  }
  if (opt.werror) diags.promote_warnings();

  auto flush = [&] {
    status.finish();
    if (opt.verbose && opt.format == diag::Format::Text) std::cerr << "bindery: " << status.timings() << '\n';
    std::string out;
    diag::print_diagnostics(out, diags, files, opt.format, opt.color);
    std::cerr << out;
  };
  if (diags.has_errors()) {
    flush();
    return 1;
  }
  if (!opt.write) {
    flush();
    return 0;
  }

  const fs::path dir = opt.output_dir;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    diags.report_global(diag::Kind::OutputFailed, "output folder `" + opt.output_dir + "` is a file; remove it or pass -o DIR");
  } else if (fs::create_directories(dir, ec); ec) {
    diags.report_global(diag::Kind::OutputFailed, "cannot create output folder `" + opt.output_dir + "`: " + ec.message());
  } else {
    std::vector<std::string> written;
    for (const char* ext : {".epub", ".pdf"}) {
      const fs::path target = dir / (manuscript.meta.output_name + ext);
      if (fs::is_directory(target, ec))
        diags.report_global(diag::Kind::OutputFailed, "`" + target.generic_string() + "` is a folder; remove it or choose another -o DIR");
    }
    if (diags.has_errors()) {
      flush();
      return 3;
    }
    // The EPUB and the PDF are independent once laid out: the EPUB is made on a second thread
    // while this one draws the PDF. Neither shares mutable state, and results are staged in a
    // fixed order, so the bytes and messages match a one-thread run. Every output is written in
    // full beside its target first, then all are renamed together: a failure or an interrupt
    // before that leaves the previous outputs as they were.
    io::StagedOutputs staged;
    std::vector<std::string> pending;
    auto stage = [&](const fs::path& target, const std::string& err, const std::string& bytes) {
      std::string why = err.empty() ? staged.stage(target, bytes) : err;
      if (!why.empty()) diags.report_global(diag::Kind::OutputFailed, "cannot write `" + target.generic_string() + "`: " + why);
      else pending.push_back(target.generic_string());
    };
    // One stage for both writers: they overlap in time.
    status.stage(opt.epub && opt.pdf && pdf_out ? "epub+pdf" : opt.epub ? "epub" : "pdf");
    std::string epub_bytes;
    std::future<std::string> epub_err;
    if (opt.epub) {
      epub_err = std::async(policy, [&] {
        // The page list needs the print edition: only when the handout is built beside it.
        epub::PrintPages print{layout.plan().page_count, paper, layout.plan().page_starts};
        return epub::zip_bytes(epub::build_epub(resolved, pdf_out ? &print : nullptr), manuscript.modified, epub_bytes);
      });
    }
    // The PDF goes straight into its staged temporary as its pages are drawn: a long book's file
    // is never whole in memory. It is reported after the EPUB, as a one-thread run would.
    const fs::path pdf_target = dir / (manuscript.meta.output_name + ".pdf");
    std::string pdf_err;
    if (opt.pdf && pdf_out)
      pdf_err = staged.stage_from(pdf_target, [&](const std::function<void(std::string_view)>& write) {
        return pdf_out->render(layout, manuscript.modified, write);
      });
    if (opt.epub) stage(dir / (manuscript.meta.output_name + ".epub"), epub_err.get(), epub_bytes);
    if (opt.pdf && pdf_out) {
      if (!pdf_err.empty()) diags.report_global(diag::Kind::OutputFailed, "cannot write `" + pdf_target.generic_string() + "`: " + pdf_err);
      else pending.push_back(pdf_target.generic_string());
    }
    if (!diags.has_errors()) {
      if (std::string why = staged.commit(); !why.empty()) diags.report_global(diag::Kind::OutputFailed, why);
      else written = pending;
    }
    flush();
    if (opt.format == diag::Format::Text && !opt.quiet)
      for (const auto& w : written) std::cerr << "bindery: wrote " << w << '\n';
    return diags.has_errors() ? 3 : 0;
  }
  flush();
  return diags.has_errors() ? 3 : 0;
}

}  // namespace bindery::cli
