// Diagnostics print like a compiler: file:line:col, the line, a caret; GitHub and JSON forms.
#include <catch2/catch.hpp>

#include "diag/diagnostics.hpp"

using namespace bindery::diag;

TEST_CASE("text diagnostics show file, line, column in characters, source line and caret", "[diag]") {
  SourceFiles files;
  auto f = files.add("manuscript/03-practices.md", "# Title\n\nSee “quoted” @prc-repar now.\n");
  Diagnostics d;
  // Byte column 20 is after the two 3-byte curly quotes: character column 16.
  d.error(Kind::UnknownReference, {f, 3, 20}, "unknown reference `@prc-repar`; did you mean `prc-repair`?");
  d.warning(Kind::UnsafeLink, {f, 1, 1}, "a warning");
  std::string out;
  print_diagnostics(out, d, files, Format::Text, false);
  CHECK(out ==
        "manuscript/03-practices.md:1:1: warning: a warning [UnsafeLink]\n"
        "  # Title\n"
        "  ^\n"
        "manuscript/03-practices.md:3:16: error: unknown reference `@prc-repar`; did you mean `prc-repair`? [UnknownReference]\n"
        "  See “quoted” @prc-repar now.\n"
        "                 ^\n"
        "1 error and 1 warning generated.\n");
}

TEST_CASE("github and json diagnostics formats", "[diag]") {
  SourceFiles files;
  auto f = files.add("m/a,b.md", "x\n");
  Diagnostics d;
  d.error(Kind::DuplicateId, {f, 1, 1}, "id `x` is used twice: 100%");
  d.report_global(Kind::OutputFailed, "cannot write");
  std::string gh, js;
  print_diagnostics(gh, d, files, Format::Github, false);
  print_diagnostics(js, d, files, Format::Json, false);
  CHECK(gh ==
        "::error title=OutputFailed::cannot write\n"
        "::error file=m/a%2Cb.md,line=1,col=1,title=DuplicateId::id `x` is used twice: 100%25\n");
  CHECK(js ==
        "{\"severity\":\"error\",\"kind\":\"OutputFailed\",\"file\":null,\"line\":0,\"column\":0,\"message\":\"cannot write\"}\n"
        "{\"severity\":\"error\",\"kind\":\"DuplicateId\",\"file\":\"m/a,b.md\",\"line\":1,\"column\":1,\"message\":\"id `x` is used twice: 100%\"}\n");
}

TEST_CASE("promote_warnings (for --werror) turns every warning into an error", "[diag]") {
  Diagnostics d;
  d.warning(Kind::UnsafeLink, {}, "w");
  REQUIRE_FALSE(d.has_errors());
  d.promote_warnings();
  CHECK(d.error_count() == 1);
  CHECK(d.warning_count() == 0);
}

TEST_CASE("source lines are found by number, after the text is replaced too, and out of range is empty", "[diag]") {
  SourceFiles files;
  const auto f = files.add("a.md", "one\ntwo\n\nfour");
  CHECK(files.line(f, 1) == "one");
  CHECK(files.line(f, 2) == "two");
  CHECK(files.line(f, 3) == "");
  CHECK(files.line(f, 4) == "four");
  CHECK(files.line(f, 5) == "");
  CHECK(files.line(f, 0) == "");
  CHECK(files.line(f + 1, 1) == "");
  files.set_text(f, "first\nsecond\n");  // the load stage replaces raw bytes with normalised text
  CHECK(files.line(f, 2) == "second");
  CHECK(files.line(f, 3) == "");
  CHECK(files.line(f, 4) == "");
}
