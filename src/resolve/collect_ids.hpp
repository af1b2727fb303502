// Heading ids across the book: explicit ids checked for duplicates, missing ids generated.
#pragma once
#include <map>
#include <string>

#include "doc/node.hpp"

namespace bindery::resolve {

struct IdTarget {
  std::size_t chapter;

};

/// Gives every heading an id unique across the book; reports DuplicateId for explicit clashes.
std::map<std::string, IdTarget> collect_ids(doc::Book& book, const diag::SourceFiles& files, diag::Diagnostics& diags);

}  // namespace bindery::resolve
