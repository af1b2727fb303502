// The package document (OPF, EPUB 3.3 §5): metadata including EPUB Accessibility 1.1 claims
// derived from the content, the manifest and the spine (epub stage).
#include <algorithm>

#include <pugixml.hpp>

#include "epub/write_parts.hpp"
#include "epub/xhtml_page.hpp"

namespace bindery::epub {
namespace {

// The print edition: the handout PDF of this very book, on its paper (A4 and US Letter pages
// differ). Readers show this text, so it says what it is.
std::string print_source(const load::Manuscript& m, const PrintPages& print) {
  return "Printable handout (" + print.paper + " PDF) of " + m.meta.identifier;
}

// BINDERY_ACE_VERSION is the Ace by DAISY version pinned in scripts/ace/package.json (see CMakeLists).
const char* const conformance_claim = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";
const char* const conformance_certifier = "Bindery automated checks (Ace by DAISY " BINDERY_ACE_VERSION ")";

}  // namespace

std::string write_package(const resolve::ResolvedBook& book, const std::vector<SpineItem>& spine, const PrintPages* print) {
  const auto& m = *book.manuscript;
  pugi::xml_document doc;
  add_declaration(doc);
  auto pkg = doc.append_child("package");
  pkg.append_attribute("xmlns") = "http://www.idpf.org/2007/opf";
  pkg.append_attribute("version") = "3.0";
  pkg.append_attribute("unique-identifier") = "pub-id";
  pkg.append_attribute("xml:lang") = m.meta.language.c_str();
  auto md = pkg.append_child("metadata");
  md.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  add_text_element(md, "dc:identifier", m.meta.identifier).append_attribute("id") = "pub-id";
  add_text_element(md, "dc:title", m.meta.title).append_attribute("id") = "main-title";
  auto meta = [&](const char* property, const std::string& value, const char* refines = nullptr) {
    auto e = add_text_element(md, "meta", value);
    if (refines) e.append_attribute("refines") = refines;
    e.append_attribute("property") = property;
  };
  meta("title-type", "main", "#main-title");
  if (!m.meta.subtitle.empty()) {
    add_text_element(md, "dc:title", m.meta.subtitle).append_attribute("id") = "subtitle";
    meta("title-type", "subtitle", "#subtitle");
  }
  add_text_element(md, "dc:creator", m.meta.author).append_attribute("id") = "creator";
  if (!m.meta.publisher.empty()) add_text_element(md, "dc:publisher", m.meta.publisher);
  add_text_element(md, "dc:language", m.meta.language);
  if (!m.meta.date.empty()) add_text_element(md, "dc:date", m.meta.date);
  if (!m.meta.description.empty()) add_text_element(md, "dc:description", m.meta.description);
  if (!m.meta.rights.empty()) add_text_element(md, "dc:rights", m.meta.rights);
  meta("dcterms:modified", m.modified);
  if (print) {
    // The page marks come from the printed handout Bindery builds beside this EPUB; EPUB 3.3
    // names a page source with dc:source refined by source-of (pageBreakSource is not yet
    // accepted by epubcheck 4.2).
    add_text_element(md, "dc:source", print_source(m, *print)).append_attribute("id") = "print-source";
    meta("source-of", "pagination", "#print-source");
  }

  // Accessibility metadata: claim only what this book's content makes true.
  const bool has_images = !book.images.empty();
  const bool has_gif = std::any_of(book.images.begin(), book.images.end(), [](const load::Asset& a) { return a.media_type == "image/gif"; });
  meta("schema:accessMode", "textual");
  if (has_images) meta("schema:accessMode", "visual");
  if (!has_images || book.images_all_have_alt) meta("schema:accessModeSufficient", "textual");
  if (has_images) meta("schema:accessModeSufficient", "textual,visual");
  meta("schema:accessibilityFeature", "structuralNavigation");
  meta("schema:accessibilityFeature", "tableOfContents");
  meta("schema:accessibilityFeature", "readingOrder");
  meta("schema:accessibilityFeature", "displayTransformability");
  if (print) {
    meta("schema:accessibilityFeature", "pageBreakMarkers");
    meta("schema:accessibilityFeature", "pageNavigation");
  }
  if (has_images && book.images_all_have_alt) meta("schema:accessibilityFeature", "alternativeText");
  if (has_gif) {
    meta("schema:accessibilityHazard", "unknown");  // an animated GIF could flash
  } else {
    meta("schema:accessibilityHazard", "none");
  }
  // The conformance claim (EPUB Accessibility 1.1, WCAG 2.1 AA) only for a book whose publisher
  // asks for it in book.yaml (and so checks it with Ace, as tests/e2e/test_ace.cpp does the guide),
  // and only when nothing Bindery knows of contradicts it: an image without a description fails
  // WCAG 1.1.1, an unchecked GIF may fail 2.3.1. The certifier says the check was automated.
  const bool claim_conformance = m.meta.accessibility_claim && !has_gif && (!has_images || book.images_all_have_alt);
  std::string summary =
      "Reflowable text with a navigable table of contents, headings in order and a logical reading order. "
      "Crisis lines are at the front and the back as tappable links.";
  if (has_images) summary += book.images_all_have_alt ? " Every image has a text description." : " Some images lack a text description.";
  summary += has_gif ? " Contains GIF images whose animation was not checked." : " No flashing, motion or sound hazards.";
  if (claim_conformance) summary += " WCAG 2.1 AA conformance was checked by automated tests, not by a person.";
  meta("schema:accessibilitySummary", summary);
  if (claim_conformance) {
    meta("dcterms:conformsTo", conformance_claim);
    meta("a11y:certifiedBy", conformance_certifier);
  }

  auto manifest = pkg.append_child("manifest");
  auto item = [&](const std::string& id, const std::string& href, const char* type, const char* props = nullptr) {
    auto e = manifest.append_child("item");
    e.append_attribute("id") = id.c_str();
    e.append_attribute("href") = href.c_str();
    e.append_attribute("media-type") = type;
    if (props) e.append_attribute("properties") = props;
  };
  item("nav", "nav.xhtml", "application/xhtml+xml", "nav");
  item("ncx", "toc.ncx", "application/x-dtbncx+xml");
  item("css", "css/epub.css", "text/css");
  for (const auto& s : spine) {
    if (s.id != "nav") item(s.id, s.href, "application/xhtml+xml");
  }
  int n = 0;
  for (const auto& img : book.images) {
    item("img-" + std::to_string(++n), "images/" + img.name, img.media_type.c_str());
  }
  auto sp = pkg.append_child("spine");
  sp.append_attribute("toc") = "ncx";
  for (const auto& s : spine) {
    auto ref = sp.append_child("itemref");
    ref.append_attribute("idref") = s.id.c_str();
    if (!s.linear) ref.append_attribute("linear") = "no";
  }
  return save_xml(doc, true);
}

}  // namespace bindery::epub
