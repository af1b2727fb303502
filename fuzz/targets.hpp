// Bindery's fuzz targets: each takes arbitrary bytes, runs one part of the pipeline exactly as the
// command line would, and returns "" or what went wrong (a broken invariant). The libFuzzer mains
// in fuzz/ abort on a non-empty answer; the replay test (tests/unit/fuzz) runs the same functions
// on the seed corpus and every crash or hang the fuzzers found, under the normal g++ build.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bindery::fuzz {

/// Markdown chapter -> EPUB entries; every XML file must be well-formed and the package must pass
/// check_package.
std::string markdown_epub(std::string_view bytes);
/// Markdown chapter -> PDF page layout with the real fonts' metrics; every letter and digit of the
/// text must be placed on some page.
std::string markdown_layout(std::string_view bytes);
/// book.yaml (and, after a line `%%FRONT%%`, a single file's front matter) -> metadata; the
/// package built from that metadata must pass check_package.
std::string book_yaml(std::string_view bytes);
/// crisis-lines.yaml -> checked crisis lines; when accepted, the package built with them must
/// pass check_package and every link must use a safe scheme.
std::string crisis_lines(std::string_view bytes);
/// handout.yaml -> style; when accepted, a short fixed book is laid out with it.
std::string handout(std::string_view bytes);

struct Target {
  const char* name;  ///< also the folder name under fuzz/corpus and fuzz/regressions
  std::string (*run)(std::string_view);
};
/// Every target, by name.
const std::vector<Target>& all_targets();

/// Our structural checks of an EPUB's files (name, bytes; mimetype first): safe entry names,
/// well-formed XML, container -> package, every manifest item present, spine items in the
/// manifest, unique ids per document and every internal link pointing at an existing file and id.
/// Returns "" or the problems, one per line.
struct PackageFile {
  std::string name;
  std::string bytes;
};
std::string check_package(const std::vector<PackageFile>& files);

}  // namespace bindery::fuzz
