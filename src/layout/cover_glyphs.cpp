// Glyph coverage (layout stage): text the chosen face cannot draw moves to the fallback face; a
// character no font has is removed with a warning naming it and its line, never printed blank.
#include <array>
#include <cstdio>
#include <set>

#include "layout/collect_flow.hpp"
#include "text/utf8.hpp"

namespace bindery::layout {

void cover_glyphs(std::vector<FlowBlock>& blocks, const FontMetrics& metrics, diag::Diagnostics& diags) {
  std::set<std::pair<char32_t, std::uint32_t>> reported;  // (character, line)
  // Whether a face has every printable ASCII character (the text faces do): such a face needs no
  // lookup for ASCII, which is nearly all of an English book. -1: not asked yet.
  std::array<int, static_cast<int>(Face::Count)> ascii{};
  ascii.fill(-1);
  auto whole_ascii = [&](Face f) {
    int& a = ascii[static_cast<int>(f)];
    if (a < 0) {
      a = 1;
      for (char32_t c = 0x21; c < 0x7F && a; ++c) a = metrics.has_glyph(c, f) ? 1 : 0;
    }
    return a == 1;
  };
  for (auto& b : blocks) {
    std::vector<Piece> out;
    // Nearly every piece is covered by its own face: check that first, without copying.
    auto covered = [&](const Piece& p) {
      std::string_view s = p.text;
      const bool fast = whole_ascii(p.face);
      for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (fast && ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t')) {
          ++i;
          continue;
        }
        bool ok = true;
        const char32_t cp = text::decode_utf8(s, i, ok);
        if (cp != ' ' && cp != '\n' && cp != '\t' && !metrics.has_glyph(cp, p.face)) return false;
      }
      return true;
    };
    bool all = true;
    for (const auto& p : b.pieces) all = all && (p.hard_break || covered(p));
    if (all) continue;
    for (auto& p : b.pieces) {
      if (p.hard_break || covered(p)) {
        out.push_back(std::move(p));
        continue;
      }
      Piece cur = p;
      cur.text.clear();
      std::string_view s = p.text;
      for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        bool ok = true;
        const char32_t cp = text::decode_utf8(s, i, ok);
        const std::string_view ch = s.substr(start, i - start);
        Face face = p.face;
        const bool blank = cp == ' ' || cp == '\n' || cp == '\t';
        if (!blank && !metrics.has_glyph(cp, p.face)) {
          if (metrics.has_glyph(cp, Face::Fallback)) {
            face = Face::Fallback;
          } else {
            if (cp != 0x200B && cp != 0x200C && cp != 0x200D && cp != 0xFE0F && cp != 0x202E && cp != 0x202C &&
                reported.insert({cp, p.pos.line}).second) {
              char hex[16];
              std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
              diags.report(diag::Kind::MissingGlyph, p.pos,
                           "character " + std::string(hex) + " (`" + std::string(ch) + "`) is in no font of the PDF handout; it is left out of the PDF");
            }
            continue;
          }
        }
        if (face != cur.face && !cur.text.empty()) {
          out.push_back(cur);
          cur.text.clear();
        }
        cur.face = face;
        cur.text += ch;
      }
      if (!cur.text.empty()) out.push_back(std::move(cur));
    }
    b.pieces = std::move(out);
  }
}

}  // namespace bindery::layout
