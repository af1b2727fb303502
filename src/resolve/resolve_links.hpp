// Links, images and cross-references inside chapters (resolve stage).
#pragma once
#include <map>
#include <string>

#include "resolve/collect_ids.hpp"
#include "resolve/resolved_book.hpp"

namespace bindery::resolve {

struct LinkContext {
  const load::Manuscript& manuscript;
  const diag::SourceFiles& files;
  diag::Diagnostics& diags;
  std::map<std::string, IdTarget>& ids;
  ResolvedBook& out;
};

/// Numbers the headings whose ids carry a declared prefix, per kind, in reading order.
void number_items(const doc::Book& book, LinkContext& ctx);
/// Rewrites links to final hrefs (or removes them with a diagnostic), turns references into
/// links, reads images, and records which numbered items reference which.
void resolve_chapter_links(doc::Chapter& chapter, std::size_t index, LinkContext& ctx);

}  // namespace bindery::resolve
