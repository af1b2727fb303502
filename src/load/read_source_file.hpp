// Reading a file from inside the manuscript root, safely, as normalised UTF-8 text (load stage).
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "diag/diagnostics.hpp"

namespace bindery::load {

/// Resolves `relative` against `root` and returns the real path if it stays inside the root
/// (after following symlinks); otherwise reports PathOutsideManuscript at `where`.
std::optional<std::filesystem::path> resolve_inside(const std::filesystem::path& root, const std::string& relative,
                                                    diag::SourcePos where, diag::Diagnostics& diags, bool where_known = true);

/// Reads raw bytes; reports FileNotFound / FileUnreadable at `where`.
std::optional<std::string> read_bytes(const std::filesystem::path& path, const std::string& shown,
                                      diag::SourcePos where, bool where_known, diag::Diagnostics& diags);

/// Normalises text for the pipeline: drops a BOM, turns CRLF and CR into LF, replaces invalid
/// UTF-8 with U+FFFD and removes characters XML forbids, warning once per line with its column.
std::string normalise_text(std::string_view bytes, std::uint32_t file, diag::Diagnostics& diags);

/// The file index that text read by read_source_text carries in its diagnostics until it is
/// registered (register_source_text gives the real one).
inline constexpr std::uint32_t kUnregisteredFile = 0xFFFFFFFFu;

/// Reads and normalises a text file under the root without registering it: safe to run for
/// several files at once, each with its own `diags`. Positions inside the text carry
/// kUnregisteredFile.
std::optional<std::string> read_source_text(const std::filesystem::path& root, const std::string& relative,
                                            const std::string& shown, diag::SourcePos where, bool where_known,
                                            diag::Diagnostics& diags);

/// Registers text from read_source_text and moves its diagnostics into `diags`, with the file's
/// real index in place of kUnregisteredFile; returns that index.
/// `line_starts`: the text's, found beforehand (SourceFiles::line_starts_of), or empty.
std::uint32_t register_source_text(const std::string& shown, std::string text, diag::Diagnostics&& read_diags,
                                   diag::SourceFiles& files, diag::Diagnostics& diags,
                                   std::vector<std::size_t> line_starts = {});

/// Reads a text file under the root and registers it; returns its file index.
std::optional<std::uint32_t> read_source_file(const std::filesystem::path& root, const std::string& relative,
                                              const std::string& shown, diag::SourcePos where, bool where_known,
                                              diag::SourceFiles& files, diag::Diagnostics& diags);

}  // namespace bindery::load
