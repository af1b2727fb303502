// Hyphenation points from Debian's en-GB dictionary through libhyphen.
#include <catch2/catch.hpp>

#include "layout/hyphenate.hpp"

using bindery::layout::Hyphenator;

namespace {
std::string marked(const Hyphenator& h, const std::string& word) {
  std::string out;
  std::size_t last = 0;
  for (std::size_t p : h.points(word)) {
    out += word.substr(last, p - last) + "-";
    last = p;
  }
  return out + word.substr(last);
}
}  // namespace

TEST_CASE("hyphenation points for the guide's language", "[layout][hyphen]") {
  Hyphenator h("en-GB");
  REQUIRE(h.available());
  CHECK(h.dictionary() == "/usr/share/hyphen/hyph_en_GB.dic");
  CHECK(marked(h, "hyperactivating") == "hyper-activ-at-ing");  // three letters at least before a break
  CHECK(marked(h, "relationship,") == "rela-tion-ship,");       // punctuation kept aside
  CHECK(marked(h, "Relationship") == "Relationship");           // capitalised words are left whole
  CHECK(marked(h, "request") == "request");                     // no "re-quest"
  CHECK(marked(h, "“attachment”") == "“at-tach-ment”");
  CHECK(h.points("self").empty());            // too short
  CHECK(h.points("co-regulation").empty());   // already has a hyphen: break only there
  CHECK(h.points("741741").empty());
}

TEST_CASE("an unknown language falls back to the base language or has no dictionary", "[layout][hyphen]") {
  CHECK(Hyphenator("en-NZ").available());
  CHECK_FALSE(Hyphenator("xx-YY").available());
  CHECK(Hyphenator("xx-YY").points("anything").empty());
}
