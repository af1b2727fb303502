// The resolve stage: chapter file names, book-wide ids, numbering, cross-references, links and
// images. Every link that leaves this stage points at something that exists.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <unordered_set>

#include "load/read_source_file.hpp"
#include "resolve/collect_ids.hpp"
#include "resolve/resolve_links.hpp"
#include "resolve/resolved_book.hpp"
#include "util/jobs.hpp"

namespace bindery::resolve {
namespace fs = std::filesystem;
namespace {

// `taken` holds every name given so far: a set, since a library of thousands of chapters made
// the scan of every earlier name quadratic.
std::string xhtml_name(const std::string& path, std::unordered_set<std::string>& taken) {
  std::string stem = path.size() > 3 ? path.substr(0, path.size() - 3) : path;
  std::string out;
  for (char c : stem) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x80 && (std::isalnum(u) || c == '-' || c == '_')) ? c : '-';
  }
  // Always prefixed, so no chapter can take the name of a generated page (cover, title, nav, crisis-*).
  out = "ch-" + out;
  std::string name = out + ".xhtml";
  for (int n = 2; taken.count(name); ++n) name = out + "-" + std::to_string(n) + ".xhtml";
  taken.insert(name);
  return name;
}

void build_toc(const doc::Chapter& ch, ChapterOut& out) {
  const doc::Node* first = nullptr;
  for (const auto& b : ch.blocks) {
    // A heading with no text cannot name a contents entry (nav anchors must have text).
    if (b.type != doc::NodeType::Heading || doc::plain_text(b).find_first_not_of(" \t") == std::string::npos) continue;
    if (!first) {
      first = &b;
      out.title = doc::plain_text(b);
      out.toc.push_back({out.title, "text/" + out.xhtml + "#" + b.id(), 1});
    } else if (b.level <= std::max(2, first->level + 1)) {
      out.toc.push_back({doc::plain_text(b), "text/" + out.xhtml + "#" + b.id(), 2});
    }
  }
  if (!first) {
    out.title = fs::path(ch.path).stem().string();
    out.toc.push_back({out.title, "text/" + out.xhtml, 1});
  }
  if (out.title.empty()) out.title = fs::path(ch.path).stem().string();
}

}  // namespace

ResolvedBook resolve_book(doc::Book book, const load::Manuscript& manuscript, const diag::SourceFiles& files,
                          diag::Diagnostics& diags) {
  ResolvedBook out;
  out.manuscript = &manuscript;
  auto ids = collect_ids(book, files, diags);
  std::unordered_set<std::string> taken;
  for (const auto& ch : book.chapters) {
    ChapterOut co;
    co.xhtml = xhtml_name(ch.path, taken);
    out.chapters.push_back(std::move(co));
  }
  LinkContext ctx{manuscript, files, diags, ids, out};
  number_items(book, ctx);
  resolve_links(book, ctx);
  // Contents entries come after links are resolved, so a reference inside a heading shows its text.
  // Each chapter's entries depend on that chapter alone: two cores for a long book.
  util::split_in_two(
      book.chapters.size(), [&](std::size_t i) { return book.chapters[i].blocks.size(); }, 4096,
      [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t i = from; i < to; ++i) build_toc(book.chapters[i], out.chapters[i]);
      });
  check_item_links(ctx);
  add_back_links(book, ctx);
  out.book = std::move(book);
  if (!diags.has_errors() && (out.book.chapters.empty() || std::all_of(out.book.chapters.begin(), out.book.chapters.end(),
                                               [](const doc::Chapter& c) { return c.blocks.empty(); }))) {
    diags.report_global(diag::Kind::EmptyBook, "the manuscript has no content; the book holds only its front and back matter");
  }
  return out;
}

}  // namespace bindery::resolve
