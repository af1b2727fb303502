// Test support implementation: fork/exec without a shell, epubcheck, libzip + pugixml readers.
#include "support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <cstring>
#include <fstream>
#include <pugixml.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace testing {
namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

RunResult run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  static int counter = 0;
  const fs::path dir = fs::path(BINDERY_TEST_TMP) / "run";
  fs::create_directories(dir);
  const std::string tag = std::to_string(getpid()) + "-" + std::to_string(++counter);
  const fs::path out_path = dir / (tag + ".out"), err_path = dir / (tag + ".err");
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return r;
}

RunResult bindery(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{BINDERY_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> e = env;
  e.emplace("NO_COLOR", "1");
  return run(argv, e);
}

fs::path scratch(const std::string& name) {
  std::string safe;
  for (char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  // One folder per process: CTest runs test cases in parallel processes.
  fs::path p = fs::path(BINDERY_TEST_TMP) / (safe + "-" + std::to_string(getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

fs::path source(const std::string& relative) { return fs::path(BINDERY_SOURCE_DIR) / relative; }

std::map<std::string, std::string> read_epub(const fs::path& epub) {
  std::map<std::string, std::string> files;
  int err = 0;
  zip_t* za = zip_open(epub.c_str(), ZIP_RDONLY, &err);
  if (!za) throw std::runtime_error("cannot open " + epub.string());
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st);
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    std::string data(st.size, '\0');
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    files[st.name] = data;
  }
  zip_close(za);
  return files;
}

std::vector<std::string> spine(const std::map<std::string, std::string>& files) {
  pugi::xml_document opf;
  opf.load_string(files.at("EPUB/package.opf").c_str());
  std::map<std::string, std::string> manifest;
  for (auto item : opf.child("package").child("manifest").children("item"))
    manifest[item.attribute("id").value()] = std::string("EPUB/") + item.attribute("href").value();
  std::vector<std::string> out;
  for (auto ref : opf.child("package").child("spine").children("itemref"))
    out.push_back(manifest.at(ref.attribute("idref").value()));
  return out;
}

std::string body_text(const std::string& xhtml) {
  pugi::xml_document doc;
  if (!doc.load_string(xhtml.c_str())) throw std::runtime_error("XHTML does not parse");
  std::string out;
  struct Walker : pugi::xml_tree_walker {
    std::string* out;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() == pugi::node_pcdata) *out += n.value();
      else if (n.type() == pugi::node_element) *out += ' ';
      return true;
    }
  } w;
  w.out = &out;
  doc.child("html").child("body").traverse(w);
  return out;
}

std::vector<std::string> hrefs(const std::string& xhtml) {
  pugi::xml_document doc;
  doc.load_string(xhtml.c_str());
  std::vector<std::string> out;
  for (auto x : doc.select_nodes("//a[@href]")) out.push_back(x.node().attribute("href").value());
  return out;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  auto flush = [&] {
    if (!w.empty()) out.push_back(w);
    w.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) || c >= 0x80) {
      // Curly apostrophes and dashes end words just like ASCII punctuation does.
      if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
        flush();
        i += 2;
        continue;
      }
      w += static_cast<char>(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::string epubcheck_problems(const fs::path& epub) {
  RunResult r = run({"java", "-Xss64m", "-jar", "/usr/share/java/epubcheck.jar", epub.string()});
  std::string problems;
  auto files = read_epub(epub);
  std::istringstream lines(r.out + "\n" + r.err);
  std::string line;
  std::regex htm025(R"(^WARNING\(HTM-025\): .*\.epub/(.+)\((\d+),(\d+)\))");
  bool finished = false;
  while (std::getline(lines, line)) {
    if (line.find("Check finished") != std::string::npos || line.find("No errors or warnings") != std::string::npos) finished = true;
    if (!(line.rfind("ERROR", 0) == 0 || line.rfind("FATAL", 0) == 0 || line.rfind("WARNING", 0) == 0 ||
          line.rfind("USAGE", 0) == 0))
      continue;
    std::smatch m;
    // Accept HTM-025 only where the flagged position is an `sms:` href (RFC 5724 registers sms).
    if (std::regex_search(line, m, htm025)) {
      const std::string& doc = files[m[1].str()];
      std::istringstream dl(doc);
      std::string l;
      for (int k = 0; k < std::stoi(m[2].str()) && std::getline(dl, l); ++k) {}
      const std::size_t col = std::stoul(m[3].str());
      const std::size_t at = l.rfind("href=\"", col);
      if (at != std::string::npos && l.compare(at + 6, 4, "sms:") == 0) continue;
    }
    problems += line + "\n";
  }
  if (r.code != 0 && problems.empty()) problems = "epubcheck exited with " + std::to_string(r.code) + ":\n" + r.out + r.err;
  if (!finished && problems.empty()) problems = "epubcheck did not finish:\n" + r.out + r.err;
  return problems;
}

}  // namespace testing

namespace testing {

std::string pdf_problems(const fs::path& pdf) {
  std::string problems;
  RunResult q = run({"qpdf", "--check", pdf.string()});
  if (q.code != 0 || q.out.find("No syntax or stream encoding errors found") == std::string::npos ||
      q.out.find("WARNING") != std::string::npos || !q.err.empty())
    problems += "qpdf --check:\n" + q.out + q.err;
  RunResult f = run({"pdffonts", pdf.string()});
  if (f.code != 0) problems += "pdffonts failed: " + f.err;
  std::istringstream lines(f.out);
  std::string line;
  int row = 0, fonts = 0;
  while (std::getline(lines, line)) {
    if (++row <= 2) continue;  // header and rule
    ++fonts;
    // name type encoding emb sub uni object ID: the three flags are the 4th-6th fields from the end.
    std::istringstream fields(line);
    std::vector<std::string> f6;
    for (std::string w; fields >> w;) f6.push_back(w);
    if (f6.size() < 7 || f6[f6.size() - 5] != "yes" || f6[f6.size() - 4] != "yes" || f6[f6.size() - 3] != "yes")
      problems += "font not embedded, subset and mapped: " + line + "\n";
    if (line.find('+') == std::string::npos) problems += "font not subset: " + line + "\n";
  }
  if (fonts == 0) problems += "pdffonts lists no fonts\n";
  return problems;
}

std::string pdf_text(const fs::path& pdf, int first, int last) {
  std::vector<std::string> args{"pdftotext", "-enc", "UTF-8", "-f", std::to_string(first)};
  if (last > 0) args.insert(args.end(), {"-l", std::to_string(last)});
  args.insert(args.end(), {pdf.string(), "-"});
  return run(args).out;
}

int pdf_pages(const fs::path& pdf) {
  RunResult r = run({"pdfinfo", pdf.string()});
  std::smatch m;
  if (std::regex_search(r.out, m, std::regex(R"(Pages:\s+(\d+))"))) return std::stoi(m[1].str());
  return 0;
}

}  // namespace testing
