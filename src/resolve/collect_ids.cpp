// Book-wide heading ids (resolve stage). Explicit ids are the author's; generated ones are
// slugs of the heading text and never take an id the author wrote anywhere in the book.
#include "resolve/collect_ids.hpp"

#include <cctype>
#include <unordered_map>

#include "util/jobs.hpp"

namespace bindery::resolve {
namespace {

// Headings can sit inside quotes, lists and raw blocks: blocks are walked without recursion.
template <typename F>
void for_each_heading(doc::Chapter& chapter, F f) {
  std::vector<std::pair<std::vector<doc::Node>*, std::size_t>> work{{&chapter.blocks, 0}};
  while (!work.empty()) {
    auto& [nodes, i] = work.back();
    if (i >= nodes->size()) {
      work.pop_back();
      continue;
    }
    doc::Node& n = (*nodes)[i++];
    if (n.type == doc::NodeType::Heading) {
      f(n);
      continue;
    }
    if (n.type == doc::NodeType::BlockQuote || n.type == doc::NodeType::List || n.type == doc::NodeType::Item ||
        n.type == doc::NodeType::Element) {
      work.push_back({&n.children, 0});
    }
  }
}

std::string slugify(const std::string& text) {
  std::string out;
  bool dash = false;
  for (unsigned char c : text) {
    if (std::isalnum(c) && c < 0x80) {
      if (dash && !out.empty()) out += '-';
      out += static_cast<char>(std::tolower(c));
      dash = false;
    } else if (c != '\'' && c < 0x80) {
      dash = true;
    }
    if (out.size() > 48) break;
  }
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out[0]))) out = "sec-" + out;
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

IdMap collect_ids(doc::Book& book, const diag::SourceFiles& files, diag::Diagnostics& diags) {
  // Finding the headings and making the slugs of those without an id is per chapter (two cores
  // for a long book); giving ids out is in reading order, on one thread.
  struct Found {
    doc::Node* heading;
    std::string slug;  ///< base of a generated id ("" for an explicit one)
  };
  std::vector<std::vector<Found>> found(book.chapters.size());
  util::split_in_two(
      book.chapters.size(), [&](std::size_t c) { return book.chapters[c].blocks.size(); }, 4096,
      [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t c = from; c < to; ++c)
          for_each_heading(book.chapters[c], [&](doc::Node& h) {
            found[c].push_back({&h, h.explicit_id ? std::string() : slugify(doc::plain_text(h))});
          });
      });
  IdMap ids;
  std::unordered_map<std::string, diag::SourcePos> first_seen;
  for (std::size_t c = 0; c < found.size(); ++c) {
    for (const Found& f : found[c]) {
      doc::Node& h = *f.heading;
      if (!h.explicit_id) continue;
      auto [it, fresh] = first_seen.emplace(h.id(), h.pos);
      if (!fresh) {
        const std::string where = it->second.file == h.pos.file ? "line " + std::to_string(it->second.line)
                                                                : files.path(it->second.file) + ":" + std::to_string(it->second.line);
        diags.error(diag::Kind::DuplicateId, h.pos, "id `" + h.id() + "` is already used by the heading at " + where + "; give each heading its own id");
        h.extra().id.clear();  // the duplicate is neither numbered nor a link target
        continue;
      }
      ids.emplace(h.id(), IdTarget{c});
    }
  }
  std::unordered_map<std::string, int> next_suffix;  // per base: where to continue counting (no quadratic search)
  for (std::size_t c = 0; c < found.size(); ++c) {
    for (const Found& f : found[c]) {
      doc::Node& h = *f.heading;
      if (h.explicit_id) continue;
      std::string id = f.slug;
      int& n = next_suffix.emplace(f.slug, 2).first->second;
      while (ids.count(id) || first_seen.count(id)) id = f.slug + "-" + std::to_string(n++);
      h.extra().id = id;
      ids.emplace(std::move(id), IdTarget{c});
    }
  }
  return ids;
}

}  // namespace bindery::resolve
