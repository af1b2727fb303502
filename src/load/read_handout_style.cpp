// styles/handout.yaml and a manuscript's override: typed lengths, sizes, colours and switches for
// the PDF handout (load stage).
#include <cctype>
#include <cstdio>

#include "load/manuscript.hpp"
#include "load/yaml_reader.hpp"

namespace bindery::load {
namespace {

// "24mm", "10.5pt", "1in", "2.5cm" or a bare number of points.
bool parse_length(const std::string& s, double& out) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (...) {
    return false;
  }
  std::string unit = s.substr(used);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  double scale = 0;
  if (unit.empty() || unit == "pt") scale = 1;
  else if (unit == "mm") scale = 72.0 / 25.4;
  else if (unit == "cm") scale = 72.0 / 2.54;
  else if (unit == "in") scale = 72.0;
  if (scale == 0 || v < 0) return false;
  out = v * scale;
  return true;
}

bool parse_colour(const std::string& s, unsigned& out) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (std::size_t i = 1; i < 7; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  out = static_cast<unsigned>(std::stoul(s.substr(1), nullptr, 16));
  return true;
}

}  // namespace

void read_handout_style(const std::string& text, std::uint32_t file, HandoutStyle& st, diag::Diagnostics& diags) {
  YamlReader yr(file, 0, diags);
  auto root = yr.parse(text);
  if (!root || root->IsNull()) return;
  if (!yr.expect_map(*root, "the handout style")) return;
  yr.check_keys(*root, {"paper", "text-font", "heading-font", "margin-top", "margin-bottom", "margin-left", "margin-right", "body-size", "leading",
                        "paragraph-space", "chapter-space-before", "heading-space-before", "heading-space-after", "h1-size", "h2-size", "h3-size", "justify", "hyphenate", "text-colour",
                        "accent-colour", "muted-colour", "running-header", "footer-note"});
  const diag::SourcePos top = yr.file_pos();
  auto bad = [&](const char* key, const std::string& msg) { diags.error(diag::Kind::InvalidValue, yr.pos((*root)[key]), msg); };
  auto length = [&](const char* key, double& field, double min, double max) {
    std::string v = yr.text(*root, key, false, top);
    if (v.empty()) return;
    double d = 0;
    if (!parse_length(v, d)) bad(key, "`" + std::string(key) + ": " + v + "` is not a length; write e.g. `24mm` or `10.5pt`");
    else if (d < min || d > max) {
      char range[64];
      std::snprintf(range, sizeof range, "between %g and %g pt", min, max);
      bad(key, "`" + std::string(key) + ": " + v + "` is out of range; use a value " + range);
    } else field = d;
  };
  auto flag = [&](const char* key, bool& field) {
    std::string v = yr.text(*root, key, false, top);
    if (v.empty()) return;
    if (v == "true" || v == "yes") field = true;
    else if (v == "false" || v == "no") field = false;
    else bad(key, "`" + std::string(key) + "` must be true or false");
  };
  auto colour = [&](const char* key, unsigned& field) {
    std::string v = yr.text(*root, key, false, top);
    if (!v.empty() && !parse_colour(v, field)) bad(key, "`" + std::string(key) + ": " + v + "` is not a colour; write e.g. `\"#2f6f6a\"`");
  };
  if (std::string p = yr.text(*root, "paper", false, top); !p.empty()) {
    if (p == "a4" || p == "letter") st.paper = p;
    else bad("paper", "paper `" + p + "` is not supported; use `a4` or `letter`");
  }
  for (auto [key, field] : {std::pair<const char*, std::string*>{"text-font", &st.text_font}, {"heading-font", &st.heading_font}}) {
    std::string v = yr.text(*root, key, false, top);
    if (v.empty()) continue;
    if (v == "serif" || v == "sans") *field = v;
    else bad(key, "`" + std::string(key) + ": " + v + "` is not available; use `serif` (Noto Serif) or `sans` (Noto Sans)");
  }
  length("margin-top", st.margin_top, 18, 200);
  length("margin-bottom", st.margin_bottom, 36, 200);  // room for the footer
  length("margin-left", st.margin_left, 18, 200);
  length("margin-right", st.margin_right, 18, 200);
  length("body-size", st.body_size, 6, 24);
  length("leading", st.leading, 6, 48);
  length("paragraph-space", st.paragraph_space, 0, 48);
  length("chapter-space-before", st.chapter_space_before, 0, 96);
  length("heading-space-before", st.heading_space_before, 0, 72);
  length("heading-space-after", st.heading_space_after, 0, 48);
  length("h1-size", st.h1_size, 6, 48);
  length("h2-size", st.h2_size, 6, 48);
  length("h3-size", st.h3_size, 6, 48);
  flag("justify", st.justify);
  flag("hyphenate", st.hyphenate);
  flag("running-header", st.running_header);
  colour("text-colour", st.text_colour);
  colour("accent-colour", st.accent_colour);
  colour("muted-colour", st.muted_colour);
  if ((*root)["footer-note"]) st.footer_note = (*root)["footer-note"].IsScalar() ? (*root)["footer-note"].Scalar() : "";
  if (st.leading < st.body_size) {
    diags.error(diag::Kind::InvalidValue, yr.pos((*root)["leading"]), "leading is smaller than the body size; lines would overlap");
  }
}

}  // namespace bindery::load
