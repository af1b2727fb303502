// Progress of a long build, reported by the stages and shown by the command line (or ignored).
// A plain function pointer rather than a callback object so a stage pays one branch per step
// when nobody is listening, and no stage depends on the cli.
#pragma once
#include <cstddef>

namespace bindery::diag {

enum class Step {
  ChaptersParsed,  ///< done = chapters parsed so far, total = chapters in the book
  PagesLaidOut,    ///< done = pages laid out so far in this layout pass, total = 0 (unknown)
  FilesZipped,     ///< done = EPUB files compressed so far, total = files in the EPUB
};

using ProgressSink = void (*)(Step step, std::size_t done, std::size_t total);

/// Sets (or, with nullptr, clears) the one listener; not thread-safe, set it before a build.
void set_progress_sink(ProgressSink sink);
/// Called by the stages as work is done.
void report_progress(Step step, std::size_t done, std::size_t total);

}  // namespace bindery::diag
