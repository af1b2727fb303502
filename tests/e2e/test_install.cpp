// Installing Bindery: the man page and the bash completion document every option the CLI has,
// `cmake --install` puts each file where a system install expects it, and the .deb from CPack
// declares its dependencies, holds those files, and its binary runs once unpacked.
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

/// Every long option (`--werror`) and short option (`-o`) a command's --help lists.
std::set<std::string> help_options(const std::string& command) {
  RunResult h = bindery({command, "--help"});
  REQUIRE(h.code == 0);
  std::set<std::string> out;
  std::istringstream lines(h.out);
  std::string line;
  const std::regex opt(R"((^|[ ,])(--?[a-z][a-z-]*))");
  while (std::getline(lines, line)) {
    if (line.rfind("  -", 0) != 0) continue;  // option lines start with two spaces and a dash
    const std::string names = line.substr(2, line.find_first_of(" ", 2) - 2);
    for (std::sregex_iterator it(names.begin(), names.end(), opt), end; it != end; ++it) out.insert((*it)[2]);
  }
  return out;
}

/// The man page with roff escapes for hyphens undone, so `\-\-werror` reads `--werror`.
std::string man_text() {
  std::string t = read_file(source("docs/bindery.1"));
  return std::regex_replace(t, std::regex(R"(\\-)"), "-");
}

std::vector<std::string> complete(const std::vector<std::string>& words) {
  std::string script = "source '" + source("scripts/bindery-completion.bash").string() + "'; COMP_WORDS=(";
  for (const auto& w : words) script += "'" + w + "' ";
  script += "); COMP_CWORD=" + std::to_string(words.size() - 1) + "; _bindery; printf '%s\\n' \"${COMPREPLY[@]}\"";
  RunResult r = run({"bash", "-c", script});
  REQUIRE(r.code == 0);
  std::vector<std::string> out;
  std::istringstream in(r.out);
  for (std::string w; std::getline(in, w);)
    if (!w.empty()) out.push_back(w);
  return out;
}

}  // namespace

TEST_CASE("the man page documents every option, command, exit code and environment variable", "[install]") {
  const std::string man = man_text();
  CHECK(man.find(".TH BINDERY 1 ") != std::string::npos);
  CHECK(man.find("\"bindery " BINDERY_VERSION "\"") != std::string::npos);
  for (const char* cmd : {"build", "check", "watch", "new"}) {
    CHECK(man.find(".B " + std::string(cmd) + "\n") != std::string::npos);
    const auto options = help_options(cmd);
    CHECK(options.count("--help") == 1);
    for (const auto& o : options) {
      INFO(cmd << " option " << o);
      CHECK(man.find(o) != std::string::npos);
    }
  }
  CHECK(help_options("build").count("--verbose") == 1);
  for (const char* code : {".B 0\n", ".B 1\n", ".B 2\n", ".B 3\n"}) CHECK(man.find(code) != std::string::npos);
  // Every environment variable the top-level help names.
  const std::string help = bindery({"--help"}).out;
  for (const char* env : {"SOURCE_DATE_EPOCH", "NO_COLOR", "CI", "TERM"}) {
    CHECK(help.find(env) != std::string::npos);
    CHECK(man.find(".B " + std::string(env) + "\n") != std::string::npos);
  }
}

TEST_CASE("bash completion offers the commands and every option of each", "[install]") {
  CHECK(complete({"bindery", "w"}) == std::vector<std::string>{"watch"});
  CHECK(complete({"bindery", "build", "--diagnostics-format", "g"}) == std::vector<std::string>{"github"});
  CHECK(complete({"bindery", "build", "--paper", ""}) == std::vector<std::string>{"a4", "letter"});
  CHECK(complete({"bindery", "new", "--t"}) == std::vector<std::string>{"--title"});
  for (const char* cmd : {"build", "check", "watch", "new"}) {
    const auto offered = complete({"bindery", cmd, "--"});
    const std::set<std::string> got(offered.begin(), offered.end());
    for (const auto& o : help_options(cmd)) {
      if (o.rfind("--", 0) != 0) continue;
      INFO(cmd << " option " << o);
      CHECK(got.count(o) == 1);
    }
  }
}

TEST_CASE("cmake install puts the binary, man page, completion and default styles in place", "[install]") {
  const fs::path prefix = scratch("install-prefix");
  RunResult r = run({"cmake", "--install", BINDERY_BUILD_DIR, "--prefix", prefix.string()});
  REQUIRE(r.code == 0);
  CHECK(fs::is_regular_file(prefix / "bin/bindery"));
  CHECK(read_file(prefix / "share/man/man1/bindery.1") == read_file(source("docs/bindery.1")));
  CHECK(read_file(prefix / "share/bash-completion/completions/bindery") == read_file(source("scripts/bindery-completion.bash")));
  CHECK(read_file(prefix / "share/bindery/epub.css") == read_file(source("styles/epub.css")));
  CHECK(read_file(prefix / "share/bindery/handout.yaml") == read_file(source("styles/handout.yaml")));
  CHECK(read_file(prefix / "share/bindery/crisis-lines.yaml") == read_file(source("manuscript/crisis-lines.yaml")));
  CHECK(fs::is_regular_file(prefix / "share/doc/bindery/authoring.md"));
  RunResult v = run({(prefix / "bin/bindery").string(), "--version"});
  CHECK(v.out == "bindery " BINDERY_VERSION "\n");
}

TEST_CASE("the Debian package declares its dependencies, holds the files and its binary builds a book", "[install]") {
  const fs::path dir = scratch("deb");
  RunResult pack = run({"cpack", "--config", std::string(BINDERY_BUILD_DIR) + "/CPackConfig.cmake", "-G", "DEB", "-B", dir.string()});
  REQUIRE(pack.code == 0);
  const fs::path deb = dir / ("bindery_" BINDERY_VERSION "_amd64.deb");
  REQUIRE(fs::is_regular_file(deb));

  const std::string depends = run({"dpkg-deb", "-f", deb.string(), "Depends"}).out;
  INFO("Depends: " << depends);
  // dpkg-shlibdeps found the shared libraries; the fonts and dictionaries are read at run time.
  for (const char* p : {"libc6", "libstdc++6", "libcmark0.30.2", "libzip4", "libpugixml1v5", "libyaml-cpp0.7",
                        "libpodofo0.9.8", "libhyphen0", "fonts-noto-core", "fonts-dejavu-core", "hyphen-en-gb"})
    CHECK(depends.find(p) != std::string::npos);
  // Every dependency is a Debian 12 package (this machine is Debian 12 and has each installed).
  std::istringstream deps(depends);
  for (std::string alt; std::getline(deps, alt, ',');) {
    const std::string name = std::regex_replace(alt, std::regex(R"(^\s*([^ |(]+).*\s*$)"), "$1");
    INFO("dependency " << name);
    CHECK(run({"dpkg-query", "-W", "-f=${Status}", name}).out == "install ok installed");
  }
  CHECK(run({"dpkg-deb", "-f", deb.string(), "Package"}).out == "bindery\n");

  const std::string contents = run({"dpkg-deb", "-c", deb.string()}).out;
  for (const char* f : {"./usr/bin/bindery", "./usr/share/man/man1/bindery.1", "./usr/share/bash-completion/completions/bindery",
                        "./usr/share/bindery/epub.css", "./usr/share/bindery/handout.yaml",
                        "./usr/share/bindery/crisis-lines.yaml", "./usr/share/doc/bindery/authoring.md"})
    CHECK(contents.find(std::string(f) + "\n") != std::string::npos);

  // Unpacked into a scratch root, the packaged binary builds a book that passes the validators.
  const fs::path root = dir / "root";
  REQUIRE(run({"dpkg-deb", "-x", deb.string(), root.string()}).code == 0);
  const std::string exe = (root / "usr/bin/bindery").string();
  CHECK(run({exe, "--version"}).out == "bindery " BINDERY_VERSION "\n");
  REQUIRE(run({exe, "new", (dir / "guide").string(), "-q"}).code == 0);
  RunResult b = run({exe, "build", (dir / "guide").string(), "--werror", "-o", (dir / "out").string()}, {{"NO_COLOR", "1"}});
  CHECK(b.code == 0);
  CHECK(epubcheck_problems(dir / "out" / "guide.epub") == "");
  CHECK(pdf_problems(dir / "out" / "guide.pdf") == "");
}
