// Small UTF-8 helpers used by several stages (decoding, counting, escaping for JSON).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace bindery::text {

/// Decodes one code point at `i`, advancing `i`. Returns U+FFFD (advancing one byte) on a bad
/// sequence; `ok` tells whether the sequence was valid.
char32_t decode_utf8(std::string_view s, std::size_t& i, bool& ok);
/// Appends a code point as UTF-8.
void append_utf8(std::string& out, char32_t cp);
/// Number of code points in the first `bytes` bytes of `s` (for display columns).
std::size_t count_code_points(std::string_view s, std::size_t bytes);
/// Whether XML 1.0 allows this code point in a document (tab, LF, CR and the Char production).
bool is_xml_char(char32_t cp);
/// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);
/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace bindery::text
