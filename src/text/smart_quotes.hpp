// Curly quotes for text that does not pass through cmark (book metadata, crisis-line wording),
// so the title page matches the chapters' smart punctuation.
#pragma once
#include <string>

namespace bindery::text {

/// Turns straight quotes into curly ones ("x" -> “x”, it's -> it’s, 'x' -> ‘x’) and `--`/`---`
/// into en and em dashes, as cmark's smart option does for Markdown text.
std::string smart_quotes(const std::string& s);

}  // namespace bindery::text
