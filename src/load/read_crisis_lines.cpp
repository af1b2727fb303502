// crisis-lines.yaml: the one data file for crisis lines, checked field by field because it is
// safety content (a wrong digit sends a person in distress to the wrong place). Load stage.
#include <cctype>

#include "load/read_crisis_lines.hpp"
#include "load/yaml_reader.hpp"

namespace bindery::load {
namespace {

// Digits of a printed number such as "116 123" or "+1-800-273-8255"; "" if it has other characters.
std::string number_digits(const std::string& number) {
  std::string digits;
  for (std::size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else if (c == '+' && i == 0) digits += c;
    else if ((c == ' ' || c == '-') && i > 0 && i + 1 < number.size() &&
             std::isdigit(static_cast<unsigned char>(number[i + 1])))
      continue;
    else return {};
  }
  return digits;
}

void check_line(const YamlReader& yr, const YAML::Node& node, CrisisLine& line, bool& ok) {
  auto& diags = yr.diags();
  auto bad = [&](const char* key, std::string msg) {
    diags.error(diag::Kind::CrisisLineInvalid, node[key] ? yr.pos(node[key]) : line.pos, std::move(msg));
    ok = false;
  };
  const bool reachable_by_phone = !line.call.empty() || !line.text.empty();
  std::string digits;
  if (reachable_by_phone) {
    if (line.number.empty()) {
      bad("number", "crisis line `" + line.name + "` has a `call` or `text` link but no `number` to show");
      return;
    }
    digits = number_digits(line.number);
    if (digits.empty() || digits == "+") {
      bad("number", "crisis line number `" + line.number +
                        "` is malformed; write digits, optionally grouped by single spaces, e.g. `116 123`");
      return;
    }
  }
  if (!line.call.empty()) {
    if (line.call.rfind("tel:", 0) != 0) bad("call", "`call` must be a `tel:` link, e.g. `tel:" + digits + "`");
    else if (line.call.substr(4) != digits)
      bad("call", "`call` link `" + line.call + "` does not dial the number `" + line.number + "`; write `tel:" + digits + "`");
  }
  if (!line.text.empty()) {
    std::string expected = "sms:" + digits;
    if (!line.keyword.empty()) expected += "?body=" + line.keyword;
    if (line.text.rfind("sms:", 0) != 0) bad("text", "`text` must be an `sms:` link, e.g. `" + expected + "`");
    else if (line.text != expected)
      bad("text", "`text` link `" + line.text + "` does not match number `" + line.number + "`" +
                      (line.keyword.empty() ? "" : " and keyword `" + line.keyword + "`") + "; write `" + expected + "`");
  }
  if (!line.keyword.empty() && line.text.empty()) bad("keyword", "`keyword` is only meaningful with a `text` link");
  if (!line.web.empty()) {
    if (line.web.rfind("https://", 0) != 0 || line.web.size() <= 8 ||
        line.web.find_first_of(" \t<>\"") != std::string::npos)
      bad("web", "`web` must be an `https://` address, e.g. `https://findahelpline.com`");
  }
  if (!reachable_by_phone && line.web.empty()) {
    diags.error(diag::Kind::CrisisLineInvalid, line.pos,
                "crisis line `" + line.name + "` has no way to reach it; add `call`, `text` or `web`");
    ok = false;
  }
}

}  // namespace

CrisisLines read_crisis_lines(const std::string& text, std::uint32_t file, diag::Diagnostics& diags) {
  CrisisLines out;
  YamlReader yr(file, 0, diags);
  const diag::SourcePos top = yr.file_pos();
  auto root = yr.parse(text);
  auto missing = [&] {
    diags.error(diag::Kind::CrisisLinesMissing, top, "the crisis-line file defines no crisis lines; the book cannot be built without them");
  };
  if (!root) return out;
  if (root->IsNull()) {
    missing();
    return out;
  }
  if (!yr.expect_map(*root, "the crisis-line file")) return out;
  yr.check_keys(*root, {"heading", "intro", "lines", "emergency"});
  out.heading = yr.text(*root, "heading", true, top);
  out.intro = yr.text(*root, "intro", false, top);
  out.emergency = yr.text(*root, "emergency", true, top);
  const YAML::Node lines = (*root)["lines"];
  if (!lines || !lines.IsSequence() || lines.size() == 0) {
    if (lines && !lines.IsSequence()) {
      diags.error(diag::Kind::CrisisLinesMissing, yr.pos(lines), "`lines` must be a list of crisis lines");
    } else {
      missing();
    }
    return out;
  }
  bool all_ok = true;
  for (const auto& node : lines) {
    if (!yr.expect_map(node, "a crisis line")) {
      all_ok = false;
      continue;
    }
    yr.check_keys(node, {"region", "name", "number", "keyword", "call", "text", "web"});
    CrisisLine line;
    line.pos = yr.pos(node);
    std::size_t before = diags.error_count();
    line.region = yr.text(node, "region", true, line.pos);
    line.name = yr.text(node, "name", true, line.pos);
    line.number = yr.text(node, "number", false, line.pos);
    line.keyword = yr.text(node, "keyword", false, line.pos);
    line.call = yr.text(node, "call", false, line.pos);
    line.text = yr.text(node, "text", false, line.pos);
    line.web = yr.text(node, "web", false, line.pos);
    bool ok = diags.error_count() == before;
    check_line(yr, node, line, ok);
    if (ok) out.lines.push_back(std::move(line));
    else all_ok = false;
  }
  // A partly valid list is never used: every error above already fails the build.
  (void)all_ok;
  return out;
}

}  // namespace bindery::load
