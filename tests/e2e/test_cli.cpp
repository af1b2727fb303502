// The command line as editors and CI use it: help, version, exit codes, output failures,
// check mode, warnings as errors, and manuscript-folder errors reported all at once.
#include <catch2/catch.hpp>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

TEST_CASE("help and version exit 0 and say what bindery does", "[cli]") {
  RunResult h = bindery({"--help"});
  CHECK(h.code == 0);
  CHECK(h.out.find("Usage: bindery") != std::string::npos);
  CHECK(h.out.find("Exit codes: 0 success; 1 errors in the manuscript; 2 usage error; 3 output or I/O failure or interrupted.") != std::string::npos);
  CHECK(h.out.find("SOURCE_DATE_EPOCH") != std::string::npos);
  RunResult b = bindery({"build", "--help"});
  CHECK(b.code == 0);
  CHECK(b.out.find("-o,--output") != std::string::npos);
  RunResult v = bindery({"--version"});
  CHECK(v.code == 0);
  CHECK(v.out == "bindery " BINDERY_VERSION "\n");
}

TEST_CASE("usage errors exit 2", "[cli]") {
  CHECK(bindery({}).code == 2);
  CHECK(bindery({"build", "--no-such-option"}).code == 2);
  CHECK(bindery({"build", "--diagnostics-format=xml"}).code == 2);
  RunResult missing = bindery({"build", "/nonexistent/book"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "bindery: error: `/nonexistent/book` does not exist; give a manuscript folder or a Markdown file [UsageError]\n");
  RunResult sde = bindery({"check", source("manuscript").string()}, {{"SOURCE_DATE_EPOCH", "yesterday"}});
  CHECK(sde.code == 2);
}

TEST_CASE("an output folder that is a file, or cannot be created, exits 3 and writes nothing", "[cli]") {
  fs::path dir = scratch("cli-out");
  write_file(dir / "out", "a file, not a folder");
  RunResult r = bindery({"build", source("tests/books/edge/no-heading.md").string(), "-o", (dir / "out").string()});
  CHECK(r.code == 3);
  CHECK(r.err.find("is a file; remove it or pass -o DIR [OutputFailed]") != std::string::npos);
  CHECK(read_file(dir / "out") == "a file, not a folder");
  RunResult p = bindery({"build", source("tests/books/edge/no-heading.md").string(), "-o", "/proc/bindery-cannot-write"});
  CHECK(p.code == 3);
  CHECK(p.err.find("cannot create output folder") != std::string::npos);
}

TEST_CASE("a failed build leaves the previous good output untouched and no temporary files", "[cli]") {
  fs::path book = scratch("cli-prev");
  fs::path out = book / "out";
  write_file(book / "b.md", "# Good\n\nText.\n");
  REQUIRE(bindery({"build", (book / "b.md").string(), "-o", out.string()}).code == 0);
  const std::string good = read_file(out / "b.epub"), good_pdf = read_file(out / "b.pdf");
  CHECK(pdf_problems(out / "b.pdf") == "");
  write_file(book / "b.md", "# Bad {#x y}\n");
  CHECK(bindery({"build", (book / "b.md").string(), "-o", out.string()}).code == 1);
  CHECK(read_file(out / "b.epub") == good);
  CHECK(read_file(out / "b.pdf") == good_pdf);
  int files = 0;
  for (const auto& e : fs::directory_iterator(out)) files += e.is_regular_file();
  CHECK(files == 2);
}

TEST_CASE("check writes nothing and fails on errors, --werror fails on warnings", "[cli]") {
  fs::path book = scratch("cli-check");
  write_file(book / "w.md", "[x](javascript:alert(1))\n");
  RunResult ok = bindery({"check", (book / "w.md").string()});
  CHECK(ok.code == 0);
  CHECK(ok.err.find("warning: `javascript:` link removed") != std::string::npos);
  CHECK(bindery({"check", "--werror", (book / "w.md").string()}).code == 1);
  CHECK_FALSE(fs::exists(book / "out"));
  CHECK_FALSE(fs::exists("out/w.epub"));
}

TEST_CASE("github and json diagnostics formats for CI", "[cli]") {
  fs::path book = scratch("cli-formats");
  write_file(book / "f.md", "# A {#bad id}\n");
  RunResult gh = bindery({"check", "--diagnostics-format=github", (book / "f.md").string()});
  CHECK(gh.code == 1);
  CHECK(gh.err == "::error file=" + (book / "f.md").string() +
                      ",line=1,col=5,title=InvalidId::heading id `bad id` cannot be used; start with a letter and use only "
                      "letters, digits, `-` and `_`\n");
  RunResult js = bindery({"check", "--diagnostics-format=json", (book / "f.md").string()});
  CHECK(js.err.find("{\"severity\":\"error\",\"kind\":\"InvalidId\",\"file\":") == 0);
}

TEST_CASE("a manuscript folder reports every problem of book.yaml, chapters and crisis lines at once", "[cli]") {
  fs::path book = scratch("cli-folder");
  write_file(book / "book.yaml",
             "title: T\nauthr: A\nlanguage: en-GB\nidentifier: urn:uuid:1\nchapters:\n  - one.md\n  - missing.md\n  - ../escape.md\n");
  write_file(book / "one.md", "# One\n\nSee [two](#tow).\n\n## Two {#two}\n");
  write_file(book / "crisis-lines.yaml", "heading: Help\nemergency: Call\nlines:\n  - region: UK\n    name: S\n    number: \"116 123\"\n    call: \"tel:116124\"\n");
  RunResult r = bindery({"build", book.string(), "-o", (book / "out").string()});
  CHECK(r.code == 1);
  const std::string b = book.string();
  CHECK(r.err ==
        b + "/book.yaml:1:1: error: missing required key `author` [MissingKey]\n  title: T\n  ^\n" +
        b + "/book.yaml:2:1: error: unknown key `authr`; did you mean `author`? [UnknownKey]\n  authr: A\n  ^\n" +
        b + "/book.yaml:7:5: error: file `missing.md` not found [FileNotFound]\n    - missing.md\n      ^\n" +
        b + "/book.yaml:8:5: error: path `../escape.md` leads outside the manuscript folder; keep every file inside it [PathOutsideManuscript]\n    - ../escape.md\n      ^\n" +
        b + "/one.md:3:5: error: link to unknown id `#tow`; did you mean `two`? [UnknownReference]\n  See [two](#tow).\n      ^\n" +
        b + "/crisis-lines.yaml:7:11: error: `call` link `tel:116124` does not dial the number `116 123`; write `tel:116123` [CrisisLineInvalid]\n      call: \"tel:116124\"\n            ^\n" +
        "6 errors generated.\n");
  CHECK_FALSE(fs::exists(book / "out"));
}

TEST_CASE("a missing crisis-line file fails the build", "[cli][crisis]") {
  fs::path book = scratch("cli-nocrisis");
  write_file(book / "book.yaml", "title: T\nauthor: A\nlanguage: en\nidentifier: urn:uuid:1\nchapters: [one.md]\n");
  write_file(book / "one.md", "# One\n");
  RunResult r = bindery({"build", book.string(), "-o", (book / "out").string()});
  CHECK(r.code == 1);
  CHECK(r.err.find("[CrisisLinesMissing]") != std::string::npos);
  CHECK_FALSE(fs::exists(book / "out"));
}

TEST_CASE("symbolic links pointing out of the manuscript folder are refused, for chapters and images", "[cli][security]") {
  fs::path root = scratch("cli-symlinks");
  write_file(root / "outside.md", "# Secret\n");
  write_file(root / "outside.png", "\x89PNG\r\n\x1a\n0000");
  fs::path book = root / "book";
  fs::create_directories(book);
  fs::create_symlink("../outside.md", book / "ch.md");
  fs::create_symlink("../outside.png", book / "pic.png");
  write_file(book / "book.yaml", "title: T\nauthor: A\nlanguage: en\nidentifier: urn:x\nchapters: [ch.md, real.md]\n");
  write_file(book / "real.md", "# Real\n\n![a pic](pic.png) and ![up](../outside.png)\n");
  fs::copy(source("manuscript/crisis-lines.yaml"), book / "crisis-lines.yaml");
  RunResult r = bindery({"check", book.string()});
  CHECK(r.code == 1);
  const std::string b = book.string();
  CHECK(r.err ==
        b + "/book.yaml:5:12: error: path `ch.md` is a symbolic link to a file outside the manuscript folder; keep every file inside it [PathOutsideManuscript]\n"
        "  chapters: [ch.md, real.md]\n             ^\n" +
        b + "/real.md:3:1: error: path `pic.png` is a symbolic link to a file outside the manuscript folder; keep every file inside it [PathOutsideManuscript]\n"
        "  ![a pic](pic.png) and ![up](../outside.png)\n  ^\n" +
        b + "/real.md:3:23: error: path `../outside.png` leads outside the manuscript folder; keep every file inside it [PathOutsideManuscript]\n"
        "  ![a pic](pic.png) and ![up](../outside.png)\n                        ^\n"
        "3 errors generated.\n");
}
