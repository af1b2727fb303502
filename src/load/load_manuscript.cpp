// The load stage's entry point: a manuscript folder (book.yaml) or a single Markdown file, read
// into a checked Manuscript. Nothing outside the manuscript folder is ever opened.
#include <cctype>
#include <ctime>

#include "load/front_matter.hpp"
#include "load/manuscript.hpp"
#include "load/prefetch_chapters.hpp"
#include "load/read_book_yaml.hpp"
#include "load/read_crisis_lines.hpp"
#include "load/read_source_file.hpp"
#include "text/smart_quotes.hpp"
#include "text/utf8.hpp"
#include "util/jobs.hpp"

namespace bindery::load {
namespace fs = std::filesystem;
namespace {

std::string slug(std::string_view s) {
  std::string out;
  bool dash = false;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) {
      if (dash && !out.empty()) out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      dash = false;
    } else if (c != '\'') {
      dash = true;
    }
  }
  return out.empty() ? "book" : out;
}

// A stable urn:uuid derived from the book's title and file name (RFC 9562 version 8 layout), so a
// single file without an identifier still gets the same one on every build.
std::string derived_uuid(std::string_view seed) {
  std::uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull ^ 0x9e3779b97f4a7c15ull;
  for (unsigned char c : seed) {
    h1 = (h1 ^ c) * 1099511628211ull;
    h2 = (h2 ^ c) * 0x100000001b3ull + 0x2545F4914F6CDD1Dull;
  }
  unsigned char b[16];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(h1 >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<unsigned char>(h2 >> (56 - 8 * i));
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x80);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string out = "urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

std::string format_epoch(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A chapter whose text has been read: checks its front matter and adds it to the book.
void add_chapter(Manuscript& m, std::uint32_t index, const ChapterEntry& entry, diag::SourceFiles& files,
                 diag::Diagnostics& diags) {
  Chapter ch;
  ch.file = index;
  ch.path = fs::path(entry.path).lexically_normal().generic_string();
  ch.type = entry.type;
  ch.backmatter = entry.backmatter;
  // Front matter starts with `---` on the first line: only such a file is copied, since
  // split_front_matter blanks the front matter in place.
  std::string text = files.text(index).compare(0, 3, "---") == 0 ? files.text(index) : std::string();
  if (auto fm = text.empty() ? std::nullopt : split_front_matter(text, index, diags)) {
    ch.markdown = std::move(text);
    ch.own_markdown = true;
    if (m.single_file) {
      read_front_matter_meta(fm->yaml, index, fm->first_line, m.meta, diags);
    } else {
      diags.report(diag::Kind::IgnoredFrontMatter, {index, 1, 1},
                   "front matter in a chapter is ignored; book metadata belongs in book.yaml");
    }
  }
  m.chapters.push_back(std::move(ch));
}

void load_chapter(Manuscript& m, const fs::path& input_dir, const ChapterEntry& entry, bool entry_known,
                  diag::SourceFiles& files, diag::Diagnostics& diags) {
  auto index = read_source_file(m.root, entry.path, shown_path(input_dir, entry.path), entry.pos, entry_known, files, diags);
  if (index) add_chapter(m, *index, entry, files, diags);
}

// The chapters listed in book.yaml. A library has thousands of files: those `prefetch` has not
// read already are read and normalised on two cores (by count: sizes are unknown before
// reading), each into its own sink, then all are registered in book order, so file indexes and
// diagnostics are those of a one-thread run.
void load_chapters(Manuscript& m, const fs::path& input_dir, const std::vector<ChapterEntry>& entries, ChapterPrefetch& prefetch,
                   diag::SourceFiles& files, diag::Diagnostics& diags) {
  prefetch.finish();
  std::vector<std::optional<ChapterRead>> reads(entries.size());
  std::vector<std::size_t> left;  // entries still to read
  for (std::size_t i = 0; i < entries.size(); ++i) {
    reads[i] = prefetch.take(entries[i].path);
    if (!reads[i]) left.push_back(i);
  }
  util::split_in_two(
      left.size(), [](std::size_t) { return 1; }, 64, [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t k = from; k < to; ++k) {
          const std::size_t i = left[k];
          reads[i] = read_chapter(m.root, input_dir, entries[i].path, entries[i].pos);
        }
      });
  for (std::size_t i = 0; i < entries.size(); ++i) {
    ChapterRead& r = *reads[i];
    if (!r.text) {
      diags.append(r.diags);
      continue;
    }
    const std::uint32_t index =
        register_source_text(r.shown, std::move(*r.text), std::move(r.diags), files, diags, std::move(r.line_starts));
    add_chapter(m, index, entries[i], files, diags);
  }
}

}  // namespace

void read_front_matter_meta(const std::string& yaml, std::uint32_t file, std::uint32_t first_line, BookMeta& meta,
                            diag::Diagnostics& diags) {
  YamlReader yr(file, first_line - 1, diags);
  auto root = yr.parse(yaml);
  if (!root || root->IsNull()) return;
  if (!yr.expect_map(*root, "front matter")) return;
  yr.check_keys(*root, {"title", "subtitle", "author", "lang", "date", "identifier"}, true);
  const diag::SourcePos top{file, 1, 1};
  meta.pos = top;
  if (auto s = yr.text(*root, "title", false, top); !s.empty()) meta.title = s;
  meta.subtitle = yr.text(*root, "subtitle", false, top);
  // pandoc accepts a list of authors; so do we.
  if (const YAML::Node a = (*root)["author"]; a && a.IsSequence()) {
    std::string joined;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].IsScalar()) continue;
      joined += (joined.empty() ? "" : i + 1 == a.size() ? " and " : ", ") + a[i].Scalar();
    }
    if (!joined.empty()) meta.author = joined;
  } else if (auto s = yr.text(*root, "author", false, top); !s.empty()) {
    meta.author = s;
  }
  if (auto s = yr.text(*root, "lang", false, top); !s.empty()) {
    for (char& c : s) c = c == '_' ? '-' : c;  // en_US, as pandoc users write it, is en-US
    meta.language = s;
  }
  meta.date = yr.text(*root, "date", false, top);
  meta.identifier = yr.text(*root, "identifier", false, top);
  // Front matter comes from other tools too: a free-form date is kept out of the metadata with a
  // warning rather than failing the build.
  if (!meta.date.empty() && !is_iso_date(meta.date)) {
    diags.warning(diag::Kind::InvalidValue, yr.pos((*root)["date"]),
                  "date `" + meta.date + "` is not YYYY-MM-DD; it is left out of the book's metadata");
    meta.date.clear();
  }
  check_meta(yr, *root, meta, "lang");
}

Manuscript load_manuscript(const fs::path& input, const LoadOptions& options, diag::SourceFiles& files,
                           diag::Diagnostics& diags) {
  Manuscript m;
  std::error_code ec;
  const bool is_dir = fs::is_directory(input, ec);
  const fs::path input_dir = is_dir ? input : input.parent_path();
  m.root = fs::weakly_canonical(input_dir.empty() ? fs::path(".") : input_dir, ec);
  m.single_file = !is_dir;
  std::string crisis_text;
  std::uint32_t crisis_file = 0;
  bool have_crisis = false;

  {
    const std::uint32_t f = files.add("<default handout.yaml>", std::string(default_handout_style()));
    read_handout_style(files.text(f), f, m.handout, diags);
  }
  if (is_dir) {
    // book.yaml obeys the same rule as every other file: a symlink out of the folder is refused.
    auto book_index = read_source_file(m.root, "book.yaml", shown_path(input, "book.yaml"), {}, false, files, diags);
    if (!book_index) return m;
    const std::uint32_t book_file = *book_index;
    ChapterPrefetch prefetch(m.root, input, guess_chapter_paths(files.text(book_file)));
    BookConfig cfg = read_book_yaml(files.text(book_file), book_file, diags);
    m.meta = cfg.meta;
    m.kinds = cfg.kinds;
    load_chapters(m, input, cfg.chapters, prefetch, files, diags);
    const std::string crisis_rel = cfg.crisis_lines.empty() ? "crisis-lines.yaml" : cfg.crisis_lines;
    std::error_code exists_ec;
    if (!fs::exists(m.root / crisis_rel, exists_ec) && !fs::is_symlink(m.root / crisis_rel, exists_ec)) {
      diags.error(diag::Kind::CrisisLinesMissing, cfg.crisis_lines_pos,
                  "crisis-line file `" + crisis_rel + "` not found; every book needs its crisis lines (see docs/authoring.md)");
    } else if (auto idx = read_source_file(m.root, crisis_rel, shown_path(input, crisis_rel), cfg.crisis_lines_pos, true,
                                    files, diags)) {
      crisis_file = *idx;
      crisis_text = files.text(*idx);
      have_crisis = true;
    } else {
      diags.error(diag::Kind::CrisisLinesMissing, cfg.crisis_lines_pos,
                  "the crisis-line file `" + crisis_rel + "` could not be read; the book cannot be built without it");
    }
    if (!cfg.handout_style.empty()) {
      if (auto idx = read_source_file(m.root, cfg.handout_style, shown_path(input, cfg.handout_style), cfg.handout_style_pos,
                                      true, files, diags))
        read_handout_style(files.text(*idx), *idx, m.handout, diags);
    }
    if (!cfg.stylesheet.empty()) {
      if (auto idx = read_source_file(m.root, cfg.stylesheet, shown_path(input, cfg.stylesheet), cfg.stylesheet_pos,
                                      true, files, diags))
        m.stylesheet = files.text(*idx);
    }
  } else {
    ChapterEntry entry;
    entry.path = input.filename().string();
    if (entry.path.empty()) {
      diags.report_global(diag::Kind::FileNotFound, "no input file given");
      return m;
    }
    load_chapter(m, input_dir, entry, false, files, diags);
    if (m.meta.title.empty()) m.meta.title = input.stem().string();
    if (m.meta.author.empty()) m.meta.author = "Unknown author";
    if (m.meta.identifier.empty()) m.meta.identifier = derived_uuid(m.meta.title + "\n" + entry.path);
    if (m.meta.output_name.empty()) m.meta.output_name = input.stem().string();
  }

  if (!have_crisis) {
    crisis_file = files.add("<default crisis-lines.yaml>", std::string(default_crisis_lines()));
    crisis_text = files.text(crisis_file);
  }
  m.crisis = read_crisis_lines(crisis_text, crisis_file, diags);
  if (m.stylesheet.empty()) m.stylesheet = std::string(default_stylesheet());
  if (m.meta.output_name.empty()) m.meta.output_name = slug(m.meta.title);
  if (m.meta.date.empty()) m.meta.date = m.meta.last_reviewed;

  // Display text outside Markdown gets the same smart punctuation as the chapters.
  for (std::string* field : {&m.meta.title, &m.meta.subtitle, &m.meta.description, &m.meta.rights, &m.crisis.heading,
                             &m.crisis.intro, &m.crisis.emergency}) {
    *field = text::smart_quotes(*field);
  }

  // Every date in the outputs comes from SOURCE_DATE_EPOCH when set, else from the book itself,
  // so two builds of the same input give the same bytes.
  if (options.source_date_epoch) m.modified = format_epoch(*options.source_date_epoch);
  else if (!m.meta.last_reviewed.empty()) m.modified = m.meta.last_reviewed + "T00:00:00Z";
  else if (!m.meta.date.empty()) m.modified = m.meta.date + "T00:00:00Z";
  else m.modified = "1980-01-01T00:00:00Z";
  return m;
}

}  // namespace bindery::load
