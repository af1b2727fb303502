// Reading and checking the crisis-line data file (load stage).
#pragma once
#include <string>

#include "load/manuscript.hpp"

namespace bindery::load {

/// Parses crisis-lines.yaml; every missing field or malformed number or link is an error.
CrisisLines read_crisis_lines(const std::string& text, std::uint32_t file, diag::Diagnostics& diags);

}  // namespace bindery::load
