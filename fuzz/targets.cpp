// The five fuzz targets' bodies (see targets.hpp). Each builds its input in memory the way the
// load stage would from disk (normalise_text, split_front_matter) so a finding is a real path
// through the pipeline, and checks the invariants the issue asks for.
#include "targets.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include "epub/epub.hpp"
#include "layout/layout.hpp"
#include "load/front_matter.hpp"
#include "load/manuscript.hpp"
#include "load/read_book_yaml.hpp"
#include "load/read_crisis_lines.hpp"
#include "load/read_source_file.hpp"
#include "parse/parse.hpp"
#include "pdf/pdf.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::fuzz {
namespace fs = std::filesystem;
namespace {

// An empty folder as the manuscript root: images and links the input names resolve against it,
// so nothing outside it can be read whatever the input says.
const fs::path& empty_root() {
  static const fs::path root = [] {
    std::string tmpl = (fs::temp_directory_path() / "bindery-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    return fs::path(tmpl);
  }();
  return root;
}

// A book being built in memory: the pieces outlive the resolved book, which points at them.
struct Book {
  diag::SourceFiles files;
  diag::Diagnostics diags;
  load::Manuscript m;
  resolve::ResolvedBook resolved;
};

std::unique_ptr<Book> new_book() {
  auto b = std::make_unique<Book>();
  load::Manuscript& m = b->m;
  m.root = empty_root();
  m.meta.title = "Fuzz";
  m.meta.author = "Bindery fuzzing";
  m.meta.identifier = "urn:uuid:6b1c2f0e-3a4d-4e8f-9c1a-2b3c4d5e6f71";
  m.meta.language = "en";
  m.meta.date = "2026-01-01";
  m.meta.output_name = "fuzz";
  m.modified = "2026-01-01T00:00:00Z";
  m.kinds.push_back({"scn", "Scenario", "Practices that help", "prc", {}});
  m.kinds.push_back({"prc", "Practice", "Where this shows up", "", {}});
  const auto style = b->files.add("<default handout.yaml>", std::string(load::default_handout_style()));
  load::read_handout_style(b->files.text(style), style, m.handout, b->diags);
  const auto crisis = b->files.add("<default crisis-lines.yaml>", std::string(load::default_crisis_lines()));
  m.crisis = load::read_crisis_lines(b->files.text(crisis), crisis, b->diags);
  m.stylesheet = std::string(load::default_stylesheet());
  return b;
}

// As load_chapter does: normalised text, front matter blanked out.
void add_chapter(Book& b, std::string_view bytes, const std::string& path = "chapter.md") {
  const auto f = b.files.add(path, "");
  b.files.set_text(f, load::normalise_text(bytes, f, b.diags));
  load::Chapter ch;
  ch.file = f;
  ch.path = path;
  ch.markdown = b.files.text(f);
  ch.own_markdown = true;
  load::split_front_matter(ch.markdown, f, b.diags);
  b.m.chapters.push_back(std::move(ch));
}

void resolve(Book& b) {
  b.resolved = resolve::resolve_book(parse::parse_book(b.m, b.files, b.diags), b.m, b.files, b.diags);
}

std::string check_epub(const resolve::ResolvedBook& book) {
  std::vector<PackageFile> files;
  for (auto& e : epub::build_epub(book)) files.push_back({e.name, e.bytes});
  return check_package(files);
}

// Letters and digits (ASCII: every font has them) of the text the layout must place.
void count_text(const doc::Node& n, std::map<char, long>& counts) {
  if (n.type == doc::NodeType::Image) return;  // the handout has no images; alt text is not placed
  if (n.type == doc::NodeType::Text || n.type == doc::NodeType::Code || n.type == doc::NodeType::CodeBlock)
    for (char c : n.text)
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ++counts[c];
  for (const auto& c : n.children) count_text(c, counts);
}

std::string check_placed(const resolve::ResolvedBook& book, const layout::PageSet& pages) {
  std::map<char, long> want, got;
  for (const auto& ch : book.book.chapters)
    for (const auto& n : ch.blocks) count_text(n, want);
  std::string problems;
  for (const auto& p : pages.pages)
    for (const auto& it : p.items) {
      for (char c : it.text) ++got[c];
      // Placed is not enough: it must be on the page.
      if (it.kind == layout::Placed::Kind::Text && !it.text.empty() &&
          (it.x < -0.5 || it.x + it.width > pages.width + 0.5 || it.y < 0 || it.y > pages.height))
        problems += "`" + it.text + "` is placed off the page at x " + std::to_string(it.x) + ", y " + std::to_string(it.y) + "\n";
    }
  for (const auto& [c, n] : want)
    if (got[c] < n)
      problems += std::string("character `") + c + "` appears " + std::to_string(n) + " times in the text but " +
                  std::to_string(got[c]) + " times on the pages\n";
  return problems;
}

const pdf::PdfOutput& fonts() {
  static const pdf::PdfOutput out;
  if (!out.font_error().empty()) {
    std::fprintf(stderr, "fuzz: %s\n", out.font_error().c_str());
    std::abort();
  }
  return out;
}

}  // namespace

std::string markdown_epub(std::string_view bytes) {
  auto b = new_book();
  add_chapter(*b, bytes);
  resolve(*b);
  if (b->diags.has_errors()) return "";  // the command line writes nothing then
  return check_epub(b->resolved);
}

std::string markdown_layout(std::string_view bytes) {
  auto b = new_book();
  add_chapter(*b, bytes);
  resolve(*b);
  if (b->diags.has_errors()) return "";
  const layout::PageStyle style(b->m.handout);
  const layout::PageSet pages = layout::layout_book(b->resolved, fonts().metrics(), style, b->diags);
  return check_placed(b->resolved, pages);
}

std::string book_yaml(std::string_view bytes) {
  // book.yaml, then optionally a single Markdown file (front matter and text) after a marker line.
  std::string_view yaml = bytes, markdown;
  if (auto at = bytes.find("\n%%FRONT%%\n"); at != std::string_view::npos) {
    yaml = bytes.substr(0, at);
    markdown = bytes.substr(at + 11);
  }
  auto b = new_book();
  const auto f = b->files.add("book.yaml", "");
  b->files.set_text(f, load::normalise_text(yaml, f, b->diags));
  load::BookConfig cfg = load::read_book_yaml(b->files.text(f), f, b->diags);
  if (b->diags.has_errors()) return "";
  b->m.meta = cfg.meta;
  if (b->m.meta.output_name.empty()) b->m.meta.output_name = "fuzz";
  b->m.kinds = cfg.kinds;
  for (const auto& entry : cfg.chapters) {
    // Whatever the path says (`..`, absolute, odd bytes), it resolves inside the root or is refused.
    if (auto real = load::resolve_inside(b->m.root, entry.path, entry.pos, b->diags)) {
      const std::string r = real->string(), root = fs::weakly_canonical(b->m.root).string();
      if (r != root && r.rfind(root + "/", 0) != 0)
        return "chapter path `" + entry.path + "` resolved to `" + r + "`, outside the manuscript root\n";
    }
  }
  b->diags = {};
  // The single-file form: front matter read into the metadata, as load_chapter does.
  const auto md = b->files.add("single.md", "");
  b->files.set_text(md, load::normalise_text(markdown, md, b->diags));
  load::Chapter ch;
  ch.file = md;
  ch.path = "single.md";
  ch.markdown = b->files.text(md);
  ch.own_markdown = true;
  if (auto fm = load::split_front_matter(ch.markdown, md, b->diags))
    load::read_front_matter_meta(fm->yaml, md, fm->first_line, b->m.meta, b->diags);
  b->m.chapters.push_back(std::move(ch));
  resolve(*b);
  if (b->diags.has_errors()) return "";
  return check_epub(b->resolved);
}

std::string crisis_lines(std::string_view bytes) {
  auto b = new_book();
  const auto f = b->files.add("crisis-lines.yaml", "");
  b->files.set_text(f, load::normalise_text(bytes, f, b->diags));
  b->m.crisis = load::read_crisis_lines(b->files.text(f), f, b->diags);
  if (b->diags.has_errors()) return "";
  std::string problems;
  for (const auto& l : b->m.crisis.lines) {
    if (!l.call.empty() && l.call.rfind("tel:", 0) != 0) problems += "call link `" + l.call + "` is not tel:\n";
    if (!l.text.empty() && l.text.rfind("sms:", 0) != 0) problems += "text link `" + l.text + "` is not sms:\n";
    if (!l.web.empty() && l.web.rfind("https://", 0) != 0) problems += "web link `" + l.web + "` is not https:\n";
  }
  add_chapter(*b, "# Chapter\n\nText.\n");
  resolve(*b);
  if (b->diags.has_errors()) return problems;
  return problems + check_epub(b->resolved);
}

std::string handout(std::string_view bytes) {
  auto b = new_book();
  const auto f = b->files.add("handout.yaml", "");
  b->files.set_text(f, load::normalise_text(bytes, f, b->diags));
  load::read_handout_style(b->files.text(f), f, b->m.handout, b->diags);
  if (b->diags.has_errors()) return "";
  add_chapter(*b,
              "# A chapter\n\nSome text that is long enough to need more than one line on any page, with a "
              "hyphenatable word: responsibilities.\n\n## A section\n\n- one\n- two\n\n> A quote.\n");
  resolve(*b);
  if (b->diags.has_errors()) return "";
  const layout::PageStyle style(b->m.handout);
  const layout::PageSet pages = layout::layout_book(b->resolved, fonts().metrics(), style, b->diags);
  if (b->diags.has_errors()) return "";  // a style that leaves no room is reported, not laid out
  return check_placed(b->resolved, pages);
}

const std::vector<Target>& all_targets() {
  static const std::vector<Target> targets = {
      {"markdown_epub", &markdown_epub}, {"markdown_layout", &markdown_layout}, {"book_yaml", &book_yaml},
      {"crisis_lines", &crisis_lines},   {"handout", &handout},
  };
  return targets;
}

}  // namespace bindery::fuzz
