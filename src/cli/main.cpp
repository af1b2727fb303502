// The command line: parses options (CLI11), runs the stages, prints diagnostics, returns the
// documented exit code. Exit codes: 0 ok, 1 errors in the manuscript, 2 usage, 3 output or I/O.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/interrupt.hpp"
#include "cli/run.hpp"

int main(int argc, char** argv) {
  using bindery::cli::Options;
  CLI::App app{"Bindery compiles a Markdown manuscript into an EPUB 3 book and a printable PDF handout, with\n"
               "the crisis lines on the first and last pages of both, and reports every problem in the\n"
               "manuscript at once.",
               "bindery"};
  app.footer(
      "Exit codes: 0 success; 1 errors in the manuscript; 2 usage error; 3 output or I/O failure or interrupted.\n"
      "Environment: SOURCE_DATE_EPOCH pins every date in the outputs (else book.yaml's dates are used);\n"
      "NO_COLOR turns off coloured diagnostics.\n"
      "Options of each command: bindery build --help, bindery check --help.");
  app.set_version_flag("--version", std::string("bindery ") + BINDERY_VERSION);
  app.require_subcommand(1);

  Options opt;
  std::string format = "text";
  const std::map<std::string, std::string> formats{{"text", "text"}, {"github", "github"}, {"json", "json"}};
  const std::map<std::string, std::string> dumps{{"doc", "doc"}, {"resolved", "resolved"}, {"pages", "pages"}};
  std::string formats_out = "epub,pdf";
  auto common = [&](CLI::App* cmd) {
    cmd->add_option("path", opt.input, "Manuscript folder with book.yaml, or a single Markdown file")
        ->capture_default_str();
    cmd->add_flag("--werror", opt.werror, "Treat warnings as errors");
    cmd->add_option("--diagnostics-format", format, "How diagnostics are printed: text, github (Actions annotations) or json (one object per line)")
        ->transform(CLI::IsMember(formats));
    cmd->add_option("--dump", opt.dump, "Print a stage's text dump to standard output: doc, resolved or pages (the PDF layout)")
        ->transform(CLI::IsMember(dumps));
  };
  auto* build = app.add_subcommand("build", "Compile the manuscript into DIR/NAME.epub and DIR/NAME.pdf");
  common(build);
  build->add_option("-o,--output", opt.output_dir, "Output folder")->capture_default_str();
  build->add_option("--format", formats_out, "Outputs to write, comma-separated: epub, pdf")
      ->capture_default_str()
      ->check([](const std::string& v) {
        std::stringstream ss(v);
        std::string part;
        while (std::getline(ss, part, ','))
          if (part != "epub" && part != "pdf") return std::string("unknown format `") + part + "`; use epub, pdf or epub,pdf";
        return std::string();
      });
  build->add_option("--paper", opt.paper, "Paper size of the PDF: a4 or letter (default: the handout style's, a4)")
      ->check(CLI::IsMember({"a4", "letter"}));
  auto* check = app.add_subcommand("check", "Parse and resolve everything, print every diagnostic, write nothing");
  common(check);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  opt.write = build->parsed();
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
  bindery::cli::install_interrupt_handlers();
  return bindery::cli::run(opt);
}
