// Heading ids across the book: explicit ids checked for duplicates, missing ids generated.
#pragma once
#include <string>
#include <unordered_map>

#include "doc/node.hpp"

namespace bindery::resolve {

struct IdTarget {
  std::size_t chapter;

};

/// Every heading id of the book. Hashed, not ordered: a library has tens of thousands of ids, and
/// "did you mean" sorts its own copy of the keys.
using IdMap = std::unordered_map<std::string, IdTarget>;

/// Gives every heading an id unique across the book; reports DuplicateId for explicit clashes.
IdMap collect_ids(doc::Book& book, const diag::SourceFiles& files, diag::Diagnostics& diags);

}  // namespace bindery::resolve
