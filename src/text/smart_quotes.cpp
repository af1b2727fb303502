// Smart punctuation for plain strings (shared by load and the writers).
#include "text/smart_quotes.hpp"

#include <cctype>

namespace bindery::text {

std::string smart_quotes(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool after_space = i == 0 || std::isspace(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '(' ||
                             s[i - 1] == '[' || s[i - 1] == '-';
    if (c == '"') {
      out += after_space ? "\u201C" : "\u201D";
    } else if (c == '\'') {
      out += after_space ? "\u2018" : "\u2019";
    } else if (c == '-' && s.compare(i, 3, "---") == 0) {
      out += "\u2014";
      i += 2;
    } else if (c == '-' && s.compare(i, 2, "--") == 0) {
      out += "\u2013";
      i += 1;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace bindery::text
