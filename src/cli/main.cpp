// The command line: parses options (CLI11), runs the stages, prints diagnostics, returns the
// documented exit code. Exit codes: 0 ok, 1 errors in the manuscript, 2 usage, 3 output or I/O.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/interrupt.hpp"
#include "cli/new_guide.hpp"
#include "cli/run.hpp"
#include "cli/watch.hpp"
#include "util/jobs.hpp"

int main(int argc, char** argv) {
  using bindery::cli::Options;
  CLI::App app{"Bindery compiles a Markdown manuscript into an EPUB 3 book and a printable PDF handout, with\n"
               "the crisis lines on the first and last pages of both, and reports every problem in the\n"
               "manuscript at once.",
               "bindery"};
  app.footer(
      "Exit codes: 0 success; 1 errors in the manuscript; 2 usage error; 3 output or I/O failure or interrupted.\n"
      "Environment: SOURCE_DATE_EPOCH pins every date in the outputs (else book.yaml's dates are used);\n"
      "NO_COLOR turns off coloured diagnostics; CI (set) or TERM=dumb turns off the progress line.\n"
      "Options of each command: bindery build --help, check --help, watch --help, new --help.\n"
      "Manual: man bindery.");
  app.set_version_flag("--version", std::string("bindery ") + BINDERY_VERSION);
  app.require_subcommand(1);

  Options opt;
  std::string format = "text";
  const std::map<std::string, std::string> formats{{"text", "text"}, {"github", "github"}, {"json", "json"}};
  const std::map<std::string, std::string> dumps{{"doc", "doc"}, {"resolved", "resolved"}, {"pages", "pages"}, {"structure", "structure"}};
  std::string formats_out = "epub,pdf";
  int jobs = 0;
  auto common = [&](CLI::App* cmd) {
    cmd->add_option("path", opt.input, "Manuscript folder with book.yaml, or a single Markdown file")
        ->capture_default_str();
    cmd->add_flag("--werror", opt.werror, "Treat warnings as errors");
    cmd->add_option("--diagnostics-format", format, "How diagnostics are printed: text, github (Actions annotations) or json (one object per line)")
        ->transform(CLI::IsMember(formats));
    cmd->add_option("--dump", opt.dump, "Print a stage's text dump to standard output: doc, resolved, pages (the PDF layout) or structure (the tagged PDF's structure tree)")
        ->transform(CLI::IsMember(dumps));
    cmd->add_flag("-q,--quiet", opt.quiet, "Print only diagnostics: no `wrote` lines, no progress line");
    cmd->add_flag("-v,--verbose", opt.verbose, "Also print how long each stage took");
    cmd->add_option("-j,--jobs", jobs, "Threads to use, 1 or 2 (default: 2 on a machine with two or more cores); the output is the same either way")
        ->check(CLI::Range(1, 2));
  };
  auto* build = app.add_subcommand("build", "Compile the manuscript into DIR/NAME.epub and DIR/NAME.pdf");
  // The options of a command that writes books (build, watch).
  auto outputs = [&](CLI::App* cmd) {
    cmd->add_option("-o,--output", opt.output_dir, "Output folder")->capture_default_str();
    cmd->add_option("--format", formats_out, "Outputs to write, comma-separated: epub, pdf")
        ->capture_default_str()
        ->check([](const std::string& v) {
          std::stringstream ss(v);
          std::string part;
          while (std::getline(ss, part, ','))
            if (part != "epub" && part != "pdf") return std::string("unknown format `") + part + "`; use epub, pdf or epub,pdf";
          return std::string();
        });
    cmd->add_option("--paper", opt.paper, "Paper size of the PDF: a4 or letter (default: the handout style's, a4)")
        ->check(CLI::IsMember({"a4", "letter"}));
  };
  common(build);
  outputs(build);
  auto* check = app.add_subcommand("check", "Parse and resolve everything, print every diagnostic, write nothing");
  common(check);
  auto* watch = app.add_subcommand(
      "watch", "Build, then rebuild on every save in the manuscript folder until Ctrl-C; a failed rebuild keeps the last good outputs");
  common(watch);
  outputs(watch);
  bindery::cli::NewGuideOptions new_opt;
  auto* create = app.add_subcommand("new", "Start a new guide in DIR from a template that builds cleanly at once");
  create->add_option("dir", new_opt.dir, "Folder to create (it must not exist, or be empty)")->required();
  create->add_option("--title", new_opt.title, "Title of the new guide")->capture_default_str();
  create->add_flag("-q,--quiet", new_opt.quiet, "Print only errors");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  opt.write = build->parsed() || watch->parsed();
  if (jobs > 0) bindery::util::set_jobs(jobs);
  opt.epub = formats_out.find("epub") != std::string::npos;
  opt.pdf = formats_out.find("pdf") != std::string::npos;
  opt.format = format == "github" ? bindery::diag::Format::Github
               : format == "json" ? bindery::diag::Format::Json
                                  : bindery::diag::Format::Text;
  opt.color = format == "text" && isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
    char* end = nullptr;
    long long v = std::strtoll(sde, &end, 10);
    if (*end != '\0' || v < 315532800 || v > 4102444800) {
      std::cerr << "bindery: error: SOURCE_DATE_EPOCH=`" << sde
                << "` is not a number of seconds between 1980 and 2100 [UsageError]\n";
      return 2;
    }
    opt.source_date_epoch = v;
  }
  if (create->parsed()) {
    new_opt.source_date_epoch = opt.source_date_epoch;
    return bindery::cli::new_guide(new_opt);
  }
  bindery::cli::install_interrupt_handlers();
  if (watch->parsed()) return bindery::cli::watch(opt);
  opt.exits_after = true;  // one build or check per process (watch runs many and frees each)
  return bindery::cli::run(opt);
}
