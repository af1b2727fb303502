// Links, images and cross-references inside chapters (resolve stage).
#pragma once
#include <map>
#include <unordered_map>
#include <vector>
#include <string>

#include "resolve/collect_ids.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::resolve {

struct LinkContext {
  const load::Manuscript& manuscript;
  const diag::SourceFiles& files;
  diag::Diagnostics& diags;
  IdMap& ids;
  ResolvedBook& out;
  /// Position of each numbered item in out.numbered, by id: a library of guides has thousands,
  /// and looking them up by scanning made resolving quadratic (bench/README.md).
  std::unordered_map<std::string, std::size_t> numbered_at = {};
  /// "Did you mean" compares an unknown id with every id: offered for the first 100 unknown ids
  /// of a run only, so a manuscript with thousands of broken references is still linear.
  std::size_t suggestions_left = 100;
  std::vector<std::string> numbered_keys = {}, all_keys = {};  ///< sorted, made on first use
  /// Chapter index by manuscript path, for links to chapter files (made by resolve_links).
  std::unordered_map<std::string, std::size_t> chapter_at = {};

  NumberedItem* numbered(const std::string& id) {
    auto it = numbered_at.find(id);
    return it == numbered_at.end() ? nullptr : &out.numbered[it->second];
  }
  const NumberedItem* numbered(const std::string& id) const {
    auto it = numbered_at.find(id);
    return it == numbered_at.end() ? nullptr : &out.numbered[it->second];
  }
};

/// Numbers the headings whose ids carry a declared prefix, per kind, in reading order.
/// Each numbered heading also gets its label and number ("Scenario 3: ") in front of its text.
void number_items(doc::Book& book, LinkContext& ctx);
/// Inserts, at the end of each numbered item's section, the list of items that reference it
/// (wording from book.yaml), in reading order.
void add_back_links(doc::Book& book, LinkContext& ctx);
/// Warns about items that lead nowhere (a scenario with no practice) or that nothing reaches.
void check_item_links(LinkContext& ctx);
/// Rewrites links to final hrefs (or removes them with a diagnostic), turns references into
/// links, reads images, and records which numbered items reference which: chapter by chapter,
/// on two cores for a long book, with the same result as one thread.
void resolve_links(doc::Book& book, LinkContext& ctx);

}  // namespace bindery::resolve
