// The driver: every stage runs so one invocation reports every problem; nothing is written
// unless the whole manuscript is free of errors (cli stage).
#include "cli/run.hpp"

#include <filesystem>
#include <iostream>

#include "epub/epub.hpp"
#include "io/staged_output.hpp"
#include "layout/layout.hpp"
#include "pdf/pdf.hpp"
#include "load/manuscript.hpp"
#include "parse/parse.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::cli {
namespace fs = std::filesystem;

int run(const Options& opt) {
  std::error_code ec;
  if (!fs::exists(opt.input, ec)) {
    std::cerr << "bindery: error: `" << opt.input << "` does not exist; give a manuscript folder or a Markdown file [UsageError]\n";
    return 2;
  }
  diag::SourceFiles files;
  diag::Diagnostics diags;
  load::LoadOptions lo;
  lo.source_date_epoch = opt.source_date_epoch;
  load::Manuscript manuscript = load::load_manuscript(opt.input, lo, files, diags);
  doc::Book book = parse::parse_book(manuscript, files, diags);
  if (opt.dump == "doc") std::cout << doc::dump_book(book, files);
  resolve::ResolvedBook resolved = resolve::resolve_book(std::move(book), manuscript, files, diags);
  if (opt.dump == "resolved") std::cout << resolve::dump_resolved(resolved);
  // The PDF's layout runs whenever it is asked for (or dumped), even by `check`.
  std::unique_ptr<pdf::PdfOutput> pdf_out;
  layout::PageSet pages;
  if ((opt.pdf && opt.write) || opt.dump == "pages") {
    pdf_out = std::make_unique<pdf::PdfOutput>();
    if (!pdf_out->font_error().empty()) {
      diags.report_global(diag::Kind::OutputFailed, pdf_out->font_error());
    } else if (!diags.has_errors()) {
      load::HandoutStyle handout = manuscript.handout;
      if (!opt.paper.empty()) handout.paper = opt.paper;  // --paper wins over the style file
      layout::PageStyle style(handout);
      pages = layout::layout_book(resolved, pdf_out->metrics(), style, diags);
      if (opt.dump == "pages") std::cout << layout::dump_pages(pages);
    }
  }
  if (opt.werror) diags.promote_warnings();

  auto flush = [&] {
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
    // Every output is written in full beside its target first, then all are renamed together:
    // a failure or an interrupt before that leaves the previous outputs as they were.
    io::StagedOutputs staged;
    std::vector<std::string> pending;
    auto stage = [&](const fs::path& target, const std::string& err, const std::string& bytes) {
      std::string why = err.empty() ? staged.stage(target, bytes) : err;
      if (!why.empty()) diags.report_global(diag::Kind::OutputFailed, "cannot write `" + target.generic_string() + "`: " + why);
      else pending.push_back(target.generic_string());
    };
    if (opt.epub) {
      const fs::path target = dir / (manuscript.meta.output_name + ".epub");
      std::string bytes;
      std::string err = epub::zip_bytes(epub::build_epub(resolved), manuscript.modified, bytes);
      stage(target, err, bytes);
    }
    if (opt.pdf && pdf_out && !diags.has_errors()) {
      const fs::path target = dir / (manuscript.meta.output_name + ".pdf");
      std::string bytes;
      std::string err = pdf_out->render(pages, manuscript.modified, bytes);
      stage(target, err, bytes);
    }
    if (!diags.has_errors()) {
      if (std::string why = staged.commit(); !why.empty()) diags.report_global(diag::Kind::OutputFailed, why);
      else written = pending;
    }
    flush();
    if (opt.format == diag::Format::Text)
      for (const auto& w : written) std::cerr << "bindery: wrote " << w << '\n';
    return diags.has_errors() ? 3 : 0;
  }
  flush();
  return diags.has_errors() ? 3 : 0;
}

}  // namespace bindery::cli
