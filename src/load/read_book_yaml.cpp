// book.yaml: typed metadata, reading order and numbered kinds of a manuscript folder (load stage).
#include <algorithm>
#include <set>
#include <unordered_set>

#include "load/manuscript.hpp"
#include "load/read_book_yaml.hpp"
#include "load/yaml_reader.hpp"

namespace bindery::load {
namespace {

const std::set<std::string, std::less<>> kChapterTypes = {
    "chapter", "introduction", "preface", "foreword", "prologue", "epilogue", "conclusion", "afterword",
    "appendix", "bibliography", "glossary", "acknowledgments", "notice", "qna"};

void read_chapter_list(const YamlReader& yr, const YAML::Node& list, bool backmatter, BookConfig& out) {
  if (!list.IsSequence()) {
    yr.diags().error(diag::Kind::InvalidValue, yr.pos(list),
                     std::string("`") + (backmatter ? "backmatter" : "chapters") + "` must be a list of file names");
    return;
  }
  // Every path listed so far, here and in the other list: a scan per entry was quadratic, a
  // tenth of `check`'s time for a library of thousands of chapters.
  std::unordered_set<std::string> listed;
  for (const auto& c : out.chapters) listed.insert(c.path);
  for (const auto& item : list) {
    ChapterEntry e;
    e.pos = yr.pos(item);
    e.backmatter = backmatter;
    if (item.IsScalar()) {
      e.path = item.Scalar();
    } else if (item.IsMap()) {
      yr.check_keys(item, {"file", "type"});
      e.path = yr.text(item, "file", true, e.pos);
      std::string type = yr.text(item, "type", false, e.pos);
      if (!type.empty()) {
        if (!kChapterTypes.count(type)) {
          std::string known;
          for (const auto& t : kChapterTypes) known += (known.empty() ? "`" : ", `") + t + "`";
          yr.diags().error(diag::Kind::InvalidValue, yr.pos(item["type"]),
                           "unknown chapter type `" + type + "`; use one of " + known);
        } else {
          e.type = type;
        }
      }
    } else {
      yr.diags().error(diag::Kind::InvalidValue, e.pos, "a chapter entry must be a file name or `{file: ..., type: ...}`");
      continue;
    }
    if (e.path.empty()) continue;
    if (e.path.size() < 4 || e.path.substr(e.path.size() - 3) != ".md") {
      yr.diags().error(diag::Kind::InvalidValue, e.pos, "chapter `" + e.path + "` is not a Markdown file; name it `*.md`");
      continue;
    }
    if (!listed.insert(e.path).second) {
      yr.diags().error(diag::Kind::DuplicateChapter, e.pos, "chapter `" + e.path + "` is listed twice");
      continue;
    }
    out.chapters.push_back(std::move(e));
  }
}

void read_kinds(const YamlReader& yr, const YAML::Node& list, BookConfig& out) {
  if (!list.IsSequence()) {
    yr.diags().error(diag::Kind::InvalidValue, yr.pos(list), "`numbered` must be a list of `{prefix, label}` maps");
    return;
  }
  for (const auto& item : list) {
    if (!yr.expect_map(item, "a numbered kind")) continue;
    yr.check_keys(item, {"prefix", "label", "back-links", "leads-to"});
    NumberedKind k;
    k.prefix = yr.text(item, "prefix", true, yr.pos(item));
    k.label = yr.text(item, "label", true, yr.pos(item));
    k.backlink_heading = yr.text(item, "back-links", false, yr.pos(item));
    k.leads_to = yr.text(item, "leads-to", false, yr.pos(item));
    k.pos = yr.pos(item);
    bool ok = !k.prefix.empty() && std::all_of(k.prefix.begin(), k.prefix.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
    if (!k.prefix.empty() && !ok) {
      yr.diags().error(diag::Kind::InvalidValue, yr.pos(item["prefix"]),
                       "prefix `" + k.prefix + "` must be lower-case letters and digits, like `scn`");
      continue;
    }
    if (std::any_of(out.kinds.begin(), out.kinds.end(), [&](const NumberedKind& o) { return o.prefix == k.prefix; })) {
      yr.diags().error(diag::Kind::DuplicateKey, yr.pos(item["prefix"]), "numbered kind `" + k.prefix + "` is declared twice; keep one");
      continue;
    }
    if (!k.prefix.empty() && !k.label.empty()) out.kinds.push_back(std::move(k));
  }
  for (const auto& k : out.kinds) {
    if (k.leads_to.empty()) continue;
    if (std::none_of(out.kinds.begin(), out.kinds.end(), [&](const NumberedKind& o) { return o.prefix == k.leads_to; })) {
      yr.diags().error(diag::Kind::InvalidValue, k.pos, "`leads-to: " + k.leads_to + "` names no numbered kind; declare a kind with `prefix: " + k.leads_to + "`");
    }
  }
}

}  // namespace

void check_meta(const YamlReader& yr, const YAML::Node& map, BookMeta& meta, const char* lang_key) {
  if (!meta.language.empty() && !is_language_tag(meta.language)) {
    yr.diags().error(diag::Kind::InvalidValue, yr.pos(map[lang_key]),
                     "`" + meta.language + "` is not a language tag; write e.g. `en-GB`");
    meta.language = "en";
  }
  if (!meta.date.empty() && !is_iso_date(meta.date)) {
    yr.diags().error(diag::Kind::InvalidValue, yr.pos(map["date"]), "date `" + meta.date + "` must be YYYY-MM-DD");
    meta.date.clear();
  }
}

BookConfig read_book_yaml(const std::string& text, std::uint32_t file, diag::Diagnostics& diags) {
  BookConfig cfg;
  YamlReader yr(file, 0, diags);
  auto root = yr.parse(text);
  if (!root) return cfg;
  if (!yr.expect_map(*root, "book.yaml")) return cfg;
  yr.check_keys(*root, {"title", "subtitle", "author", "publisher", "language", "identifier", "description", "rights",
                        "date", "last-reviewed", "output-name", "chapters", "backmatter", "crisis-lines",
                        "stylesheet", "numbered", "handout-style", "accessibility-claim"});
  const diag::SourcePos top = yr.file_pos();
  BookMeta& m = cfg.meta;
  m.pos = top;
  m.title = yr.text(*root, "title", true, top);
  m.subtitle = yr.text(*root, "subtitle", false, top);
  m.author = yr.text(*root, "author", true, top);
  m.publisher = yr.text(*root, "publisher", false, top);
  m.language = yr.text(*root, "language", true, top);
  m.identifier = yr.text(*root, "identifier", true, top);
  m.description = yr.text(*root, "description", false, top);
  m.rights = yr.text(*root, "rights", false, top);
  m.date = yr.text(*root, "date", false, top);
  m.last_reviewed = yr.text(*root, "last-reviewed", false, top);
  m.output_name = yr.text(*root, "output-name", false, top);
  if (const std::string claim = yr.text(*root, "accessibility-claim", false, top); !claim.empty()) {
    if (claim == "true" || claim == "false") {
      m.accessibility_claim = claim == "true";
    } else {
      diags.error(diag::Kind::InvalidValue, yr.pos((*root)["accessibility-claim"]),
                  "accessibility-claim `" + claim + "` must be true or false");
    }
  }
  check_meta(yr, *root, m, "language");
  if (!m.last_reviewed.empty() && !is_iso_date(m.last_reviewed)) {
    diags.error(diag::Kind::InvalidValue, yr.pos((*root)["last-reviewed"]),
                "last-reviewed `" + m.last_reviewed + "` must be YYYY-MM-DD");
    m.last_reviewed.clear();
  }
  if (!m.output_name.empty() &&
      (m.output_name.find_first_of("/\\") != std::string::npos || m.output_name.front() == '.')) {
    diags.error(diag::Kind::InvalidValue, yr.pos((*root)["output-name"]),
                "output-name `" + m.output_name + "` must be a plain file name without folders");
    m.output_name.clear();
  }
  cfg.crisis_lines = yr.text(*root, "crisis-lines", false, top);
  // Without the key, problems with the default file belong to book.yaml as a whole (no line).
  cfg.crisis_lines_pos = (*root)["crisis-lines"] ? yr.pos((*root)["crisis-lines"]) : diag::SourcePos{file, 0, 0};
  cfg.handout_style = yr.text(*root, "handout-style", false, top);
  cfg.handout_style_pos = (*root)["handout-style"] ? yr.pos((*root)["handout-style"]) : top;
  cfg.stylesheet = yr.text(*root, "stylesheet", false, top);
  cfg.stylesheet_pos = (*root)["stylesheet"] ? yr.pos((*root)["stylesheet"]) : top;
  if (const auto chapters = (*root)["chapters"]) read_chapter_list(yr, chapters, false, cfg);
  else diags.error(diag::Kind::MissingKey, top, "missing required key `chapters` (the reading order of the chapter files)");
  if (const auto back = (*root)["backmatter"]) read_chapter_list(yr, back, true, cfg);
  if (const auto kinds = (*root)["numbered"]) read_kinds(yr, kinds, cfg);
  return cfg;
}

}  // namespace bindery::load
