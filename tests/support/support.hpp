// Test support: running the bindery binary and the real validators, reading EPUBs back.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace testing {

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

/// Runs a program (no shell) with optional extra environment variables; captures its output.
RunResult run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
/// Runs the bindery binary under test.
RunResult bindery(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

/// A fresh, empty folder for one test under the build tree.
std::filesystem::path scratch(const std::string& name);
/// Path of a file in the source tree.
std::filesystem::path source(const std::string& relative);
std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& bytes);

/// Runs epubcheck 4.2.6 and returns every message that is not the known false positive (HTM-025
/// on an `sms:` href), plus a note if epubcheck failed; "" means the EPUB is clean.
std::string epubcheck_problems(const std::filesystem::path& epub);

/// Runs qpdf --check and pdffonts; returns what is wrong ("" when qpdf is clean and every font is
/// embedded, subset and has a Unicode map).
std::string pdf_problems(const std::filesystem::path& pdf);
/// pdftotext of pages first..last (1-based; 0 = to the end).
std::string pdf_text(const std::filesystem::path& pdf, int first = 1, int last = 0);
/// Number of pages (pdfinfo).
int pdf_pages(const std::filesystem::path& pdf);

/// The EPUB's files, by name.
std::map<std::string, std::string> read_epub(const std::filesystem::path& epub);
/// The spine's XHTML files in reading order (names inside the zip).
std::vector<std::string> spine(const std::map<std::string, std::string>& files);
/// The text content of an XHTML document's body.
std::string body_text(const std::string& xhtml);
/// Every href in an XHTML document.
std::vector<std::string> hrefs(const std::string& xhtml);
/// Words of a text (letters, digits and apostrophes), for fidelity checks.
std::vector<std::string> words(const std::string& text);

}  // namespace testing
