// Human-readable dates (shared by the writers).
#include "text/human_date.hpp"

namespace bindery::text {

std::string human_date(const std::string& iso, const std::string& lang) {
  static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  if (iso.size() != 10) return iso;
  const int m = std::stoi(iso.substr(5, 2));
  const int d = std::stoi(iso.substr(8, 2));
  if (m < 1 || m > 12) return iso;
  if (lang == "en-US" || lang == "en-us") return std::string(months[m - 1]) + " " + std::to_string(d) + ", " + iso.substr(0, 4);
  return std::to_string(d) + " " + months[m - 1] + " " + iso.substr(0, 4);
}

}  // namespace bindery::text
