// The XMP packet (pdf stage). Written by hand: it is a fixed shape with a handful of escaped
// values, and the date comes from the build, never from the clock.
#include "pdf/xmp.hpp"

namespace bindery::pdf {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string xmp_packet(const layout::PageSet& pages, const std::string& modified, const std::string& producer) {
  const std::string lang = pages.language.empty() ? "x-default" : escape(pages.language);
  std::string x;
  x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n";
  x += "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n";
  x += " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
  x += "  <rdf:Description rdf:about=\"\"\n";
  x += "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n";
  x += "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n";
  x += "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n";
  x += "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n";
  x += "   <dc:format>application/pdf</dc:format>\n";
  x += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escape(pages.title) + "</rdf:li></rdf:Alt></dc:title>\n";
  if (!pages.author.empty())
    x += "   <dc:creator><rdf:Seq><rdf:li>" + escape(pages.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
  if (!pages.subject.empty())
    x += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escape(pages.subject) +
         "</rdf:li></rdf:Alt></dc:description>\n";
  x += "   <dc:language><rdf:Bag><rdf:li>" + lang + "</rdf:li></rdf:Bag></dc:language>\n";
  x += "   <xmp:CreateDate>" + escape(modified) + "</xmp:CreateDate>\n";
  x += "   <xmp:ModifyDate>" + escape(modified) + "</xmp:ModifyDate>\n";
  x += "   <xmp:MetadataDate>" + escape(modified) + "</xmp:MetadataDate>\n";
  x += "   <xmp:CreatorTool>Bindery</xmp:CreatorTool>\n";
  x += "   <pdf:Producer>" + escape(producer) + "</pdf:Producer>\n";
  x += "   <pdfuaid:part>1</pdfuaid:part>\n";
  x += "  </rdf:Description>\n";
  x += " </rdf:RDF>\n";
  x += "</x:xmpmeta>\n";
  x += "<?xpacket end=\"w\"?>";
  return x;
}

}  // namespace bindery::pdf
