// Security: nothing outside the manuscript folder is ever read, whatever names it (book.yaml's
// chapters, crisis-lines, stylesheet and handout-style, images, `..`, absolute paths, symbolic
// links to files and to folders); raw HTML is cut to the allow-list; unsafe URL schemes are
// dropped; zip entry names are safe; the build does not depend on the environment beyond the
// documented SOURCE_DATE_EPOCH and NO_COLOR, and the code runs no shell and opens no network.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

// A secret outside the manuscript folder; no output or message may ever contain it.
const std::string kSecret = "TOPSECRET-outside-the-manuscript";

fs::path make_root(const std::string& name) {
  const fs::path root = scratch("security-" + name);
  write_file(root / "secret.md", "# " + kSecret + "\n");
  write_file(root / "secret.yaml", "heading: " + kSecret + "\n");
  write_file(root / "secret.css", "body { content: \"" + kSecret + "\" }\n");
  write_file(root / "secret.png", "\x89PNG\r\n\x1a\n" + kSecret);
  write_file(root / "sub" / "inner.md", "# " + kSecret + "\n");
  write_file(root / "book" / "crisis-lines.yaml", read_file(source("manuscript/crisis-lines.yaml")));
  write_file(root / "book" / "ok.md", "# Fine\n\nText.\n");
  return root;
}

std::string book_yaml(const std::string& extra, const std::string& chapters) {
  return "title: T\nauthor: A\nlanguage: en\nidentifier: urn:uuid:6b1c2f0e-3a4d-4e8f-9c1a-2b3c4d5e6f75\n" + extra +
         "chapters:\n" + chapters;
}

}  // namespace

TEST_CASE("security: absolute and climbing paths in book.yaml are refused for every kind of file", "[security]") {
  const fs::path root = make_root("yaml-paths");
  const std::string abs = (root / "secret.md").string();
  write_file(root / "book" / "book.yaml",
             book_yaml("crisis-lines: ../secret.yaml\nstylesheet: " + (root / "secret.css").string() +
                           "\nhandout-style: ./../secret.yaml\n",
                       "  - ok.md\n  - " + abs + "\n  - sub/../../secret.md\n  - ../sub/inner.md\n"));
  RunResult r = bindery({"build", (root / "book").string(), "-o", (root / "out").string()});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("path `" + abs + "` is absolute") != std::string::npos);
  CHECK(r.err.find("path `sub/../../secret.md` leads outside the manuscript folder") != std::string::npos);
  CHECK(r.err.find("path `../sub/inner.md` leads outside") != std::string::npos);
  CHECK(r.err.find("path `../secret.yaml` leads outside") != std::string::npos);
  CHECK(r.err.find("path `" + (root / "secret.css").string() + "` is absolute") != std::string::npos);
  CHECK(r.err.find("path `./../secret.yaml` leads outside") != std::string::npos);
  CHECK(r.err.find(kSecret) == std::string::npos);
  CHECK_FALSE(fs::exists(root / "out"));
}

TEST_CASE("security: symbolic links to outside files and folders are refused, book.yaml included", "[security]") {
  const fs::path root = make_root("links");
  fs::create_directory_symlink("../sub", root / "book" / "linked-dir");
  fs::create_symlink(root / "secret.yaml", root / "book" / "lines.yaml");
  write_file(root / "book" / "book.yaml",
             book_yaml("crisis-lines: lines.yaml\n", "  - ok.md\n  - linked-dir/inner.md\n"));
  RunResult r = bindery({"check", (root / "book").string()});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("path `linked-dir/inner.md` is a symbolic link to a file outside the manuscript folder") != std::string::npos);
  CHECK(r.err.find("path `lines.yaml` is a symbolic link to a file outside") != std::string::npos);
  CHECK(r.err.find(kSecret) == std::string::npos);

  // book.yaml itself as a link out of the folder.
  fs::remove(root / "book" / "book.yaml");
  write_file(root / "outside-book.yaml", book_yaml("", "  - ok.md\n"));
  fs::create_symlink(root / "outside-book.yaml", root / "book" / "book.yaml");
  RunResult b = bindery({"check", (root / "book").string()});
  CHECK(b.code == 1);
  CHECK(b.err.find("path `book.yaml` is a symbolic link to a file outside") != std::string::npos);
}

TEST_CASE("security: images named by absolute paths, file: URLs and raw HTML are never read", "[security]") {
  const fs::path root = make_root("images");
  write_file(root / "book" / "book.yaml", book_yaml("", "  - ok.md\n  - pics.md\n"));
  write_file(root / "book" / "pics.md",
             "# Pics\n\n![abs](" + (root / "secret.png").string() + ")\n\n![url](file://" + (root / "secret.png").string() +
                 ")\n\n<img src=\"../secret.png\" alt=\"raw\">\n\n<p><img src=\"file:///etc/passwd\" alt=\"x\"></p>\n");
  RunResult r = bindery({"build", (root / "book").string(), "-o", (root / "out").string()});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("is absolute") != std::string::npos);
  CHECK(r.err.find("`file:` image removed") != std::string::npos);
  CHECK(r.err.find(kSecret) == std::string::npos);
  CHECK_FALSE(fs::exists(root / "out"));
}

TEST_CASE("security: raw HTML is cut to the allow-list and unsafe URL schemes are dropped", "[security]") {
  const fs::path root = make_root("html");
  write_file(root / "book" / "book.yaml", book_yaml("", "  - ok.md\n  - html.md\n"));
  write_file(root / "book" / "html.md",
             "# HTML\n\n<script>alert('s')</script>\n\n<style>body{}</style>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n"
             "<p onclick=\"alert(1)\" style=\"x\">para <a href=\"javascript:alert(2)\">js</a> <a href=\"vbscript:x\">vb</a> "
             "<a href=\"data:text/html,x\">data</a> <a href=\"JaVaScRiPt:alert(3)\">mixed</a> <a href=\"https://ok.example\">ok</a></p>\n\n"
             "[md js](javascript:alert(4)) [md data](data:text/html;base64,eA==) [md file](file:///etc/passwd) "
             "[md ok](mailto:a@example.org)\n\n<object data=\"x\"></object><embed src=\"x\"><form><input></form>\n");
  RunResult r = bindery({"build", (root / "book").string(), "-o", (root / "out").string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const fs::path epub = root / "out" / "t.epub";
  CHECK(epubcheck_problems(epub) == "");
  const auto files = read_epub(epub);
  std::string all;
  for (const auto& [name, bytes] : files)
    if (name.find("ch-") != std::string::npos) all += bytes;
  REQUIRE_FALSE(all.empty());
  for (const char* banned : {"<script", "<style", "<iframe", "onclick", "javascript:", "JaVaScRiPt", "vbscript:", "data:",
                             "file:", "<object", "<embed", "<form", "<input", "style=\""}) {
    INFO(banned);
    CHECK(all.find(banned) == std::string::npos);
  }
  CHECK(all.find("href=\"https://ok.example\"") != std::string::npos);
  CHECK(all.find("href=\"mailto:a@example.org\"") != std::string::npos);
  // The text of dropped links is kept.
  CHECK(body_text(all).find("md js") != std::string::npos);
}

TEST_CASE("security: zip entry names are safe whatever the image file is called", "[security]") {
  const fs::path root = make_root("zipnames");
  write_file(root / "book" / "book.yaml", book_yaml("", "  - ok.md\n  - pics.md\n"));
  const std::string png = read_file(source("tests/books/edge/pic.png"));
  write_file(root / "book" / "img" / "we ird\\na:me %2e.png", png);
  write_file(root / "book" / "img" / "..png", png);
  write_file(root / "book" / "img" / "ünï cödé.png", png);
  write_file(root / "book" / "pics.md",
             "# Pics\n\n![a](<img/we ird\\\\na:me %2e.png>)\n\n![b](img/..png)\n\n![c](<img/ünï cödé.png>)\n");
  RunResult r = bindery({"build", (root / "book").string(), "-o", (root / "out").string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const fs::path epub = root / "out" / "t.epub";
  CHECK(epubcheck_problems(epub) == "");
  const std::regex safe("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
  int images = 0;
  for (const auto& [name, bytes] : read_epub(epub)) {
    INFO(name);
    CHECK(std::regex_match(name, safe));
    CHECK(("/" + name + "/").find("/../") == std::string::npos);
    CHECK(("/" + name + "/").find("/./") == std::string::npos);
    images += name.rfind("EPUB/images/", 0) == 0;
  }
  CHECK(images == 3);
}

TEST_CASE("security: the same manuscript gives the same bytes whatever the environment", "[security]") {
  const fs::path root = make_root("env");
  write_file(root / "book" / "book.yaml", book_yaml("date: 2026-01-02\n", "  - ok.md\n"));
  RunResult a = bindery({"build", (root / "book").string(), "-o", (root / "a").string()});
  RunResult b = bindery({"build", (root / "book").string(), "-o", (root / "b").string()},
                        {{"TZ", "Pacific/Kiritimati"}, {"LANG", "tr_TR.UTF-8"}, {"LC_ALL", "tr_TR.UTF-8"}, {"HOME", "/nonexistent"},
                         {"TMPDIR", "/nonexistent"}, {"XDG_CONFIG_HOME", (root / "secret.md").string()}, {"PWD", "/"}});
  REQUIRE(a.code == 0);
  REQUIRE(b.code == 0);
  CHECK(read_file(root / "a" / "t.epub") == read_file(root / "b" / "t.epub"));
  CHECK(read_file(root / "a" / "t.pdf") == read_file(root / "b" / "t.pdf"));
}

TEST_CASE("security: the code runs no shell or other program, opens no socket and reads only documented variables", "[security]") {
  // A source scan of src/: any of these calls would need a review and a line in docs/robustness.md.
  const std::regex banned(R"(\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|posix_spawnp?|fork|socket|connect|getaddrinfo|gethostbyname|dlopen)\s*\()");
  const std::regex getenv_call(R"(getenv\s*\(\s*\"([A-Z_]+)\")");
  std::set<std::string> vars;
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(source("src"))) {
    if (!e.is_regular_file()) continue;
    const std::string text = read_file(e.path());
    ++files;
    INFO(e.path().string());
    CHECK_FALSE(std::regex_search(text, banned));
    for (std::sregex_iterator it(text.begin(), text.end(), getenv_call), end; it != end; ++it) vars.insert((*it)[1]);
  }
  CHECK(files > 40);
  // CI and TERM only turn the progress line off (README, bindery(1)).
  CHECK(vars == std::set<std::string>({"CI", "NO_COLOR", "SOURCE_DATE_EPOCH", "TERM"}));
}
