// The load stage's output: everything read from disk, checked and typed, with no Markdown knowledge.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"

namespace bindery::load {

/// Book metadata from book.yaml or a single file's front matter.
struct BookMeta {
  std::string title;
  std::string subtitle;
  std::string author;
  std::string publisher;
  std::string language = "en";
  std::string identifier;
  std::string description;
  std::string rights;
  std::string date;           ///< publication date, YYYY-MM-DD ("" when unknown)
  std::string last_reviewed;  ///< YYYY-MM-DD ("" when not given)
  std::string output_name;    ///< file stem of the outputs
  /// book.yaml `accessibility-claim: true`: the publisher checks this book with Ace by DAISY (as
  /// Bindery's tests do the guide), so the EPUB may claim WCAG 2.1 AA conformance.
  bool accessibility_claim = false;
  diag::SourcePos pos;        ///< where the metadata came from (book.yaml or front matter)
};

/// A numbered kind of heading (Scenario, Practice, ...), declared in book.yaml.
struct NumberedKind {
  std::string prefix;  ///< id prefix without the hyphen, e.g. "scn"
  std::string label;   ///< e.g. "Scenario"
  std::string backlink_heading;  ///< heading of the back-link list under items of this kind
  std::string leads_to;          ///< prefix of the kind each item should reference (scn -> prc)
  diag::SourcePos pos;
};

/// One chapter file in reading order.
struct Chapter {
  std::uint32_t file = 0;    ///< index into SourceFiles (the text as read, for diagnostics)
  /// The text with its front matter blanked out (same lines as the file) when own_markdown; else
  /// empty, and the text is the file's as registered (not copied: a library's chapters are
  /// megabytes). Read it through markdown_text.
  std::string markdown;
  bool own_markdown = false;
  std::string path;          ///< path relative to the manuscript root, '/'-separated
  std::string type = "chapter";  ///< EPUB structural semantics (chapter, introduction, ...)
  bool backmatter = false;

  const std::string& markdown_text(const diag::SourceFiles& files) const {
    return own_markdown ? markdown : files.text(file);
  }
};

/// A crisis line as checked from crisis-lines.yaml: safety content.
struct CrisisLine {
  std::string region;
  std::string name;
  std::string number;   ///< as printed, e.g. "116 123"
  std::string keyword;  ///< text keyword, e.g. "HOME" ("" for none)
  std::string call;     ///< tel: link ("" when it cannot be called)
  std::string text;     ///< sms: link ("" when it cannot be texted)
  std::string web;      ///< https: link ("" for none)
  diag::SourcePos pos;
};

struct CrisisLines {
  std::string heading;
  std::string intro;
  std::vector<CrisisLine> lines;
  std::string emergency;  ///< the advice for immediate danger
};

/// An image referenced by the manuscript, read from inside the manuscript root.
struct Asset {
  std::string path;  ///< relative to the root, '/'-separated
  std::string name;  ///< file name inside the package's images folder (safe characters only)
  std::string media_type;
  std::string bytes;
};

/// The PDF handout's style (styles/handout.yaml, optionally overridden by the manuscript).
struct HandoutStyle {
  std::string paper = "a4";
  std::string text_font = "serif";    ///< serif (Noto Serif) or sans (Noto Sans)
  std::string heading_font = "sans";  ///< headings and crisis boxes
  double margin_top = 68, margin_bottom = 68, margin_left = 79.4, margin_right = 79.4;  ///< points
  double body_size = 11.5, leading = 16, paragraph_space = 5;
  double h1_size = 17, h2_size = 12.5, h3_size = 11;
  double chapter_space_before = 18, heading_space_before = 12, heading_space_after = 4;
  bool justify = true;
  bool hyphenate = true;
  unsigned text_colour = 0x111111, accent_colour = 0x2f6f6a, muted_colour = 0x595959;
  bool running_header = true;
  std::string footer_note = "Educational, not diagnostic";
};

struct Manuscript {
  std::filesystem::path root;  ///< every file read lies under this folder
  bool single_file = false;
  BookMeta meta;
  std::vector<NumberedKind> kinds;
  std::vector<Chapter> chapters;
  CrisisLines crisis;
  std::string stylesheet;
  HandoutStyle handout;
  std::string modified;  ///< dcterms:modified, YYYY-MM-DDThh:mm:ssZ
};

struct LoadOptions {
  std::optional<long long> source_date_epoch;
};

/// Reads a manuscript folder (with book.yaml) or a single Markdown file.
Manuscript load_manuscript(const std::filesystem::path& input, const LoadOptions& options,
                           diag::SourceFiles& files, diag::Diagnostics& diags);

/// The stylesheet and crisis lines compiled into the binary (from styles/ and manuscript/).
std::string_view default_stylesheet();
std::string_view default_crisis_lines();
std::string_view default_handout_style();

/// Reads a handout style file over `style` (only the keys it sets change).
void read_handout_style(const std::string& text, std::uint32_t file, HandoutStyle& style, diag::Diagnostics& diags);

}  // namespace bindery::load
