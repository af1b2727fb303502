// Dates as readers write them (shared by the EPUB and PDF writers).
#pragma once
#include <string>

namespace bindery::text {

/// Human form of a YYYY-MM-DD date in the book's language ("26 May 2026", or "May 26, 2026" for en-US).
std::string human_date(const std::string& iso, const std::string& lang);

}  // namespace bindery::text
