// HTML character references inside raw HTML (cmark decodes them in Markdown text itself).
#include <algorithm>
#include <cctype>
#include <map>

#include "parse/raw_html.hpp"
#include "text/utf8.hpp"

namespace bindery::parse {
namespace {

// The named references an editor is likely to type; others are reported, not guessed.
const std::map<std::string, char32_t, std::less<>>& named() {
  static const std::map<std::string, char32_t, std::less<>> table = {
      {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
      {"nbsp", 0xA0},    {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122}, {"mdash", 0x2014},
      {"ndash", 0x2013}, {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
      {"rdquo", 0x201D}, {"laquo", 0xAB},   {"raquo", 0xBB},   {"middot", 0xB7},  {"bull", 0x2022},
      {"deg", 0xB0},     {"times", 0xD7},   {"divide", 0xF7},  {"plusmn", 0xB1},  {"sect", 0xA7},
      {"para", 0xB6},    {"euro", 0x20AC},  {"pound", 0xA3},   {"yen", 0xA5},     {"cent", 0xA2},
      {"eacute", 0xE9},  {"egrave", 0xE8},  {"aacute", 0xE1},  {"agrave", 0xE0},  {"uuml", 0xFC},
      {"ouml", 0xF6},    {"auml", 0xE4},    {"szlig", 0xDF},   {"ccedil", 0xE7},  {"ntilde", 0xF1},
      {"iuml", 0xEF},    {"shy", 0xAD},     {"zwj", 0x200D},   {"zwnj", 0x200C},  {"thinsp", 0x2009},
      {"ensp", 0x2002},  {"emsp", 0x2003},  {"larr", 0x2190},  {"rarr", 0x2192},  {"harr", 0x2194},
      {"frac12", 0xBD},  {"frac14", 0xBC},  {"frac34", 0xBE},  {"prime", 0x2032}, {"Prime", 0x2033},
      {"dagger", 0x2020}, {"Dagger", 0x2021}, {"check", 0x2713}, {"hearts", 0x2665}, {"iexcl", 0xA1},
      {"iquest", 0xBF},
  };
  return table;
}

}  // namespace

std::string decode_entities(std::string_view s, diag::SourcePos pos, diag::Diagnostics& diags) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 32) {
      out += '&';
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    bool known = false;
    if (!name.empty() && name[0] == '#') {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string_view digits = name.substr(hex ? 2 : 1);
      unsigned long value = 0;
      known = !digits.empty() && digits.size() <= 8;
      for (char c : digits) {
        if (hex ? !std::isxdigit(static_cast<unsigned char>(c)) : !std::isdigit(static_cast<unsigned char>(c))) known = false;
      }
      if (known) value = std::stoul(std::string(digits), nullptr, hex ? 16 : 10);
      // As CommonMark does: invalid code points become U+FFFD; XML-forbidden ones are dropped.
      cp = (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) ? 0xFFFD : static_cast<char32_t>(value);
    } else if (auto it = named().find(name); it != named().end()) {
      cp = it->second;
      known = true;
    }
    if (!known) {
      bool plausible = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
      if (plausible) {
        diags.report(diag::Kind::UnknownEntity, pos,
                     "unknown character reference `&" + std::string(name) + ";` kept as text; type the character itself");
      }
      out += '&';
      continue;
    }
    if (text::is_xml_char(cp)) text::append_utf8(out, cp);
    i = semi;
  }
  return out;
}

}  // namespace bindery::parse
