// The tagged PDF's logical structure (pdf stage), worked out from a PageSet before anything is
// drawn: which structure element every placed item belongs to, which items share one
// marked-content sequence (MCID), and which are artifacts. Pure data, so it can be tested and
// dumped without PoDoFo; write_pdf.cpp turns it into StructElem objects.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "layout/page_set.hpp"

namespace bindery::pdf {

/// A child of a structure element, in reading order.
struct StructKid {
  enum class Kind { Element, Content, Annotation } kind = Kind::Element;
  std::size_t element = 0;  ///< Element: index into Structure::elements
  std::size_t page = 0;     ///< Content, Annotation
  int mcid = 0;             ///< Content
  std::size_t annotation = 0;  ///< Annotation: the writer's own numbering (filled in by the writer)
};

struct StructElement {
  std::string type;         ///< standard structure type: Document, H1, P, L, LI, Lbl, LBody, BlockQuote, Code, Link, Note
  std::size_t parent = 0;   ///< the Document (index 0) is its own parent
  std::vector<StructKid> kids;
  std::string id;           ///< /ID, which PDF/UA requires on Note
};

/// What one placed item is in the structure.
struct ItemMark {
  enum class Kind { Skip, Content, Artifact } kind = Kind::Skip;
  int mcid = -1;            ///< Content: the marked-content sequence it is drawn in
  std::size_t element = 0;  ///< Content: the element that owns that sequence (a Link for link words)
  const char* artifact = "";  ///< Artifact: "Pagination" (header, footer) or "Layout" (rules, frames)
};

struct Structure {
  std::vector<StructElement> elements;          ///< [0] is the Document
  std::vector<std::vector<ItemMark>> marks;     ///< per page, per placed item (build_structure only)
  std::vector<std::vector<std::size_t>> mcid_owner;  ///< per page, per MCID: the owning element
};

/// Builds the structure tree page by page, as the pages are made: the writer draws each page with
/// its marks and then drops both.
class StructureBuilder {
 public:
  explicit StructureBuilder(const std::vector<layout::BlockTag>& blocks);  ///< the PageSet's block tags; must outlive this
  ~StructureBuilder();
  /// The marks of the next page's items (pages in order from the first).
  void add_page(const std::vector<layout::Placed>& items, std::vector<ItemMark>& marks);
  /// The elements and MCID owners so far.
  Structure& structure();

 private:
  class Builder;
  std::unique_ptr<Builder> b_;
};

/// Builds the structure tree of a laid-out book.
Structure build_structure(const layout::PageSet& pages);

/// `--dump=structure`: the element tree with the text of each element's content, indented.
std::string dump_structure(const Structure& s, const layout::PageSet& pages);

}  // namespace bindery::pdf
