// Ace by DAISY (the EPUB accessibility checker, pinned in scripts/ace/package.json and installed by
// scripts/setup.sh) on the guide's EPUB and two edge books, driving Debian's headless Chromium
// without a sandbox: no critical, serious or moderate violation, and the package's conformance claim
// names the Ace version that just checked it. A planted violation proves Ace really looks.
#include <catch2/catch.hpp>

#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

struct Finding {
  std::string impact, rule, file, where, description;
};

struct AceReport {
  std::string revision, outcome;
  std::vector<Finding> findings;
};

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(line);
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

// Runs Ace on an .epub file or an unpacked EPUB folder; fails the test if Ace is missing or fails.
AceReport run_ace(const fs::path& epub, const fs::path& outdir) {
  const fs::path ace = source("build/tools/ace/node_modules/@daisy/ace-cli/bin/ace.js");
  INFO("Ace by DAISY is installed by `bash scripts/setup.sh test` into build/tools/ace");
  REQUIRE(fs::exists(ace));
  // Puppeteer launches the wrapper, which adds the flags a closed machine needs to Debian's Chromium.
  RunResult r = run({"node", ace.string(), "--silent", "--outdir", outdir.string(), "--force", epub.string()},
                    {{"PUPPETEER_EXECUTABLE_PATH", source("scripts/ace/chromium-headless").string()},
                     {"PUPPETEER_SKIP_DOWNLOAD", "1"}});
  INFO("ace exit " << r.code << "\n" << r.out << r.err);
  REQUIRE(r.code == 0);
  REQUIRE(fs::exists(outdir / "report.json"));
  RunResult s = run({"node", source("tests/support/ace_findings.js").string(), (outdir / "report.json").string()});
  INFO(s.err);
  REQUIRE(s.code == 0);
  AceReport report;
  std::istringstream lines(s.out);
  for (std::string line; std::getline(lines, line);) {
    auto f = split(line, '\t');
    if (f.size() == 2 && f[0] == "revision") report.revision = f[1];
    if (f.size() == 2 && f[0] == "outcome") report.outcome = f[1];
    if (f.size() >= 5 && f[0] == "finding") report.findings.push_back({f[1], f[2], f[3], f[4], f.size() > 5 ? f[5] : ""});
  }
  return report;
}

// The findings the target forbids, one per line with rule id and location, for the failure message.
std::string blocking(const AceReport& report) {
  std::string out;
  for (const auto& f : report.findings)
    if (f.impact == "critical" || f.impact == "serious" || f.impact == "moderate")
      out += f.impact + " " + f.rule + " in " + f.file + " at " + f.where + ": " + f.description + "\n";
  return out;
}

const std::string conforms_to = "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>";

// Builds one book, checks it with epubcheck and Ace, and ties the claim in its package to Ace's verdict.
void check_book(const fs::path& input, const std::string& name, bool claims) {
  const fs::path out = scratch("ace-" + name);
  // The EPUB as distributed: built beside the handout, so with its page list.
  RunResult b = bindery({"build", input.string(), "-o", out.string()});
  INFO(b.err);
  REQUIRE(b.code == 0);
  const fs::path epub = out / (name + ".epub");
  CHECK(epubcheck_problems(epub) == "");
  const AceReport report = run_ace(epub, out / "ace");
  INFO("Ace by DAISY " << report.revision << " on " << input.string());
  CHECK(blocking(report) == "");
  // The claim is only true while Ace finds nothing: the package makes it, so Ace must pass, and it
  // names the Ace version that just ran.
  const std::string opf = read_epub(epub).at("EPUB/package.opf");
  if (!claims) {
    CHECK(opf.find("dcterms:conformsTo") == std::string::npos);  // single files make no claim
    return;
  }
  CHECK(opf.find(conforms_to) != std::string::npos);
  CHECK(report.revision == BINDERY_ACE_VERSION);
  CHECK(opf.find("<meta property=\"a11y:certifiedBy\">Bindery automated checks (Ace by DAISY " + report.revision +
                 ")</meta>") != std::string::npos);
}

}  // namespace

TEST_CASE("Ace by DAISY finds no critical, serious or moderate violation in the guide's EPUB", "[e2e][ace][guide]") {
  check_book(source("manuscript"), "secure-partner-anxious-attachment", true);
}

TEST_CASE("Ace by DAISY finds no critical, serious or moderate violation in the CommonMark and raw HTML edge books",
          "[e2e][ace][edge]") {
  for (const char* name : {"commonmark-all", "raw-html"}) {
    INFO(name);
    check_book(source(std::string("tests/books/edge/") + name + ".md"), name, false);
  }
}

TEST_CASE("Ace by DAISY reports a violation planted in the guide's EPUB", "[e2e][ace]") {
  // Unpack the guide and add a link with no text (axe rule link-name, serious): Ace checks an
  // unpacked EPUB folder as it checks a file, so this shows Ace and Chromium really examine content.
  const fs::path out = scratch("ace-planted");
  RunResult b = bindery({"build", source("manuscript").string(), "-o", out.string(), "--format", "epub"});
  REQUIRE(b.code == 0);
  CHECK(epubcheck_problems(out / "secure-partner-anxious-attachment.epub") == "");
  const fs::path unpacked = out / "unpacked";
  for (const auto& [file, bytes] : read_epub(out / "secure-partner-anxious-attachment.epub")) write_file(unpacked / file, bytes);
  const fs::path chapter = unpacked / "EPUB/text/ch-01-introduction.xhtml";
  std::string xhtml = read_file(chapter);
  const auto h1 = xhtml.find("<h1");
  REQUIRE(h1 != std::string::npos);
  xhtml.insert(h1, "<a href=\"#planted\"></a>");
  write_file(chapter, xhtml);
  const AceReport report = run_ace(unpacked, out / "ace");
  CHECK(report.outcome == "fail");
  CHECK(blocking(report).find("serious link-name in text/ch-01-introduction.xhtml") != std::string::npos);
}
