// The tagged PDF (issue #7), read back with poppler's own structure reader: `pdfinfo` says the
// file is tagged and carries XMP with the PDF/UA identification; `pdfinfo -struct-text` gives the
// whole handout's text in reading order under the right element types; qpdf finds every page and
// annotation tied into the structure.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace testing;

namespace {

fs::path build_pdf(const std::string& name, const fs::path& input) {
  fs::path dir = scratch(name);
  RunResult r = bindery({"build", input.string(), "-o", dir.string(), "--format", "pdf"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".pdf") return e.path();
  FAIL("no PDF written");
  return {};
}

const fs::path& guide_pdf() {
  static const fs::path pdf = build_pdf("tagged-guide", source("manuscript"));
  return pdf;
}

// One element of `pdfinfo -struct-text`, with the text directly inside it.
struct Elem {
  std::string type;
  int depth = 0;
  std::string text;
  std::vector<std::string> path;  // types of its ancestors, outermost first
  int objects = 0;                // annotations (OBJR) among its kids
};

std::vector<Elem> structure(const fs::path& pdf) {
  RunResult r = run({"pdfinfo", "-struct-text", pdf.string()});
  REQUIRE(r.code == 0);
  std::vector<Elem> out;
  std::vector<std::string> stack;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    const int depth = static_cast<int>(indent / 2);
    const std::string rest = line.substr(indent);
    if (rest.front() == '"') {
      REQUIRE(!out.empty());
      out.back().text += rest.substr(1, rest.size() - 2);
    } else if (rest.rfind("Object ", 0) == 0) {
      REQUIRE(!out.empty());
      ++out.back().objects;
    } else {
      Elem e;
      e.type = rest.substr(0, rest.find(' '));
      e.depth = depth;
      stack.resize(static_cast<std::size_t>(depth));
      e.path = stack;
      stack.push_back(e.type);
      out.push_back(std::move(e));
    }
  }
  return out;
}

bool under(const Elem& e, const std::string& type) { return std::find(e.path.begin(), e.path.end(), type) != e.path.end(); }

std::string all_text(const std::vector<Elem>& elems) {
  std::string s;
  for (const auto& e : elems) s += e.text + " ";
  return s;
}

// As the PDF text test compares: hyphenated line ends and hyphens between letters removed.
std::string comparable(std::string s) {
  s = std::regex_replace(s, std::regex("\u00A0"), " ");
  s = std::regex_replace(s, std::regex("([A-Za-z])- (?=[a-z])"), "$1");
  s = std::regex_replace(s, std::regex("([A-Za-z])-(?=[A-Za-z])"), "$1");
  return s;
}

std::vector<fs::path> chapters() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(source("manuscript")))
    if (e.path().extension() == ".md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the guide's PDF is tagged, marked, and identifies itself as PDF/UA in its XMP", "[e2e][pdf][tagged]") {
  CHECK(pdf_problems(guide_pdf()) == "");
  RunResult info = run({"pdfinfo", guide_pdf().string()});
  CHECK(info.out.find("Tagged:          yes") != std::string::npos);
  CHECK(info.out.find("Metadata Stream: yes") != std::string::npos);
  CHECK(info.out.find("Suspects:        no") != std::string::npos);
  RunResult meta = run({"pdfinfo", "-meta", guide_pdf().string()});
  CHECK(meta.out.find("<pdfuaid:part>1</pdfuaid:part>") != std::string::npos);
  CHECK(meta.out.find("If You’re Secure and Your Partner Has Anxious Attachment</rdf:li>") != std::string::npos);
  CHECK(meta.out.find("<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li>") != std::string::npos);
  CHECK(meta.out.find("<xmp:ModifyDate>2026-05-26T00:00:00Z</xmp:ModifyDate>") != std::string::npos);
}

TEST_CASE("the structure tree holds every word of the manuscript in reading order", "[e2e][pdf][tagged]") {
  const auto elems = structure(guide_pdf());
  REQUIRE(!elems.empty());
  CHECK(elems.front().type == "Document");
  const std::vector<std::string> tagged = words(comparable(all_text(elems)));
  std::size_t at = 0;
  for (const auto& ch : chapters()) {
    std::string md = std::regex_replace(read_file(ch), std::regex(R"(\{#[^}]*\})"), " ");
    for (const auto& w : words(comparable(md))) {
      auto found = std::find(tagged.begin() + static_cast<long>(at), tagged.end(), w);
      INFO("word `" << w << "` of " << ch << " missing from the structure tree after position " << at);
      REQUIRE(found != tagged.end());
      at = static_cast<std::size_t>(found - tagged.begin()) + 1;
    }
  }
  // Running heads and page numbers are artifacts: no element holds a bare page number.
  for (const auto& e : elems) {
    INFO(e.type << ": " << e.text);
    CHECK_FALSE(std::regex_match(e.text, std::regex(R"(\s*\d+\s*)")));
  }
}

TEST_CASE("headings, lists, links and crisis boxes carry their element types", "[e2e][pdf][tagged]") {
  const auto elems = structure(guide_pdf());
  std::vector<std::string> h1, h2;
  for (const auto& e : elems) {
    if (e.type == "H1") h1.push_back(e.text);
    if (e.type == "H2" && !under(e, "Note")) h2.push_back(e.text);
  }
  // Every `# ` and `## ` line of the manuscript is an H1 or H2, in order.
  std::vector<std::string> want1, want2;
  for (const auto& ch : chapters()) {
    std::istringstream in(read_file(ch));
    std::string line;
    while (std::getline(in, line)) {
      line = std::regex_replace(line, std::regex(R"(\s*\{#[^}]*\}\s*$)"), "");
      if (line.rfind("# ", 0) == 0) want1.push_back(line.substr(2));
      if (line.rfind("## ", 0) == 0) want2.push_back(line.substr(3));
    }
  }
  // A numbered heading gains its label ("Scenario 3"): the manuscript's words end the heading.
  auto ends_with = [](const std::string& tagged, const std::string& written) {
    const auto t = words(comparable(tagged)), w = words(comparable(written));
    return !w.empty() && t.size() >= w.size() && std::equal(w.rbegin(), w.rend(), t.rbegin());
  };
  REQUIRE(h1.size() == want1.size() + 2);  // the title, the closing crisis box's heading
  for (std::size_t i = 0; i < want1.size(); ++i) {
    INFO(h1[i + 1] << " | " << want1[i]);
    CHECK(ends_with(h1[i + 1], want1[i]));
  }
  REQUIRE(h2.size() == want2.size());
  for (std::size_t i = 0; i < want2.size(); ++i) {
    INFO(h2[i] << " | " << want2[i]);
    CHECK(ends_with(h2[i], want2[i]));
  }
  // Heading levels never skip: an H3 only after an H2 has been seen.
  bool seen_h2 = false;
  for (const auto& e : elems) {
    if (e.type == "H2") seen_h2 = true;
    if (e.type == "H3") CHECK(seen_h2);
  }

  // List items: LI holds a Lbl and an LBody, and every LI is in an L.
  int items = 0;
  for (std::size_t i = 0; i < elems.size(); ++i) {
    if (elems[i].type != "LI") continue;
    ++items;
    CHECK(elems[i].path.back() == "L");
    REQUIRE(i + 2 < elems.size());
    CHECK(elems[i + 1].type == "Lbl");
    CHECK(elems[i + 2].type == "LBody");
  }
  CHECK(items >= 6);  // the guide's sources list

  // Every link element holds its words and its annotation.
  int links = 0;
  for (const auto& e : elems) {
    if (e.type != "Link") continue;
    ++links;
    INFO(e.text);
    CHECK(!e.text.empty());
    CHECK(e.objects >= 1);
  }
  CHECK(links > 20);

  // Two crisis boxes (page 1 and the last page), each a Note holding every crisis number as a link.
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < elems.size(); ++i) {
    if (elems[i].type != "Note") continue;
    std::string text;
    for (std::size_t j = i + 1; j < elems.size() && elems[j].depth > elems[i].depth; ++j) text += elems[j].text + " ";
    notes.push_back(std::regex_replace(text, std::regex("\u00A0"), " "));
  }
  REQUIRE(notes.size() == 2);
  for (const auto& n : notes)
    for (const char* number : {"988", "116 123", "13 11 14", "112", "741741", "findahelpline.com"}) {
      INFO(n);
      CHECK(n.find(number) != std::string::npos);
    }
}

TEST_CASE("every page is tied into the structure, and tab order follows it", "[e2e][pdf][tagged]") {
  const fs::path qdf = guide_pdf().parent_path() / "guide.qdf";
  RunResult r = run({"qpdf", "--qdf", "--object-streams=disable", guide_pdf().string(), qdf.string()});
  REQUIRE(r.code == 0);
  const std::string text = read_file(qdf);
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  const auto pages = static_cast<std::size_t>(pdf_pages(guide_pdf()));
  CHECK(count("/Type /Page\n") == pages);
  CHECK(count("/StructParents ") == pages);
  CHECK(count("/Tabs /S") == pages);
  // Each link annotation is a structure parent of its own and says what it does.
  CHECK(count("/Subtype /Link") == count("/StructParent "));
  CHECK(count("/Subtype /Link") > 20);
  CHECK(count("/StructTreeRoot") >= 1);
  CHECK(count("/ParentTree ") == 1);
}

TEST_CASE("quotes, nested lists and code blocks keep their nesting in the structure tree", "[e2e][pdf][tagged]") {
  const fs::path dir = scratch("tagged-nesting-src");
  write_file(dir / "nesting.md",
             "# Nesting\n\n"
             "> A quoted paragraph.\n>\n> A second one.\n\n"
             "1. First item\n   - inner one\n   - inner two\n2. Second item\n\n"
             "```\ncode line one\ncode line two\n```\n\n"
             "A closing paragraph with [a link](https://example.org/).\n");
  const fs::path pdf = build_pdf("tagged-nesting", dir / "nesting.md");
  CHECK(pdf_problems(pdf) == "");
  const auto elems = structure(pdf);
  auto find = [&](const std::string& type, const std::string& text) -> const Elem* {
    for (const auto& e : elems)
      if (e.type == type && e.text.find(text) != std::string::npos) return &e;
    return nullptr;
  };
  const Elem* quoted = find("P", "A quoted paragraph.");
  REQUIRE(quoted);
  CHECK(quoted->path.back() == "BlockQuote");
  const Elem* second = find("P", "A second one.");
  REQUIRE(second);
  CHECK(second->path.back() == "BlockQuote");
  const Elem* inner = find("P", "inner two");
  REQUIRE(inner);
  CHECK(inner->path == std::vector<std::string>{"Document", "L", "LI", "LBody", "L", "LI", "LBody"});
  const Elem* code = find("Code", "code line one");
  REQUIRE(code);
  CHECK(code->text.find("code line two") != std::string::npos);
  const Elem* link = find("Link", "a link");
  REQUIRE(link);
  CHECK(link->path.back() == "P");
  CHECK(link->objects == 1);
}
