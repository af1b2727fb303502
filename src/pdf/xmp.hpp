// The PDF's XMP metadata packet (pdf stage): the title, author, language and dates of the
// document information, plus the PDF/UA identification (pdfuaid:part 1) that a tagged PDF claims.
#pragma once
#include <string>

#include "layout/page_set.hpp"

namespace bindery::pdf {

/// The packet, with every date set to `modified` (YYYY-MM-DDThh:mm:ssZ).
std::string xmp_packet(const layout::PageSet& pages, const std::string& modified, const std::string& producer);

}  // namespace bindery::pdf
