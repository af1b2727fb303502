// The structure tree of the tagged PDF (pdf stage). Blocks become H1-H3, P or Code; the groups a
// block sits in become L > LI > (Lbl, LBody), BlockQuote and Note (the crisis boxes); link words
// become Link elements under their paragraph. Consecutive items with the same owner on a page
// share one MCID, which keeps the ParentTree small. Running headers, footers, rules and frames
// are artifacts.
#include "pdf/structure.hpp"

#include <unordered_map>

namespace bindery::pdf {
namespace {

using layout::Group;
using layout::Placed;
using layout::Role;

}  // namespace

class StructureBuilder::Builder {
 public:
  explicit Builder(const std::vector<layout::BlockTag>& blocks) : blocks_tags_(blocks), blocks_(blocks.size() + 1, kNone) {
    s_.elements.push_back({"Document", 0, {}, {}});
  }

  std::size_t add(const std::string& type, std::size_t parent) {
    s_.elements.push_back({type, parent, {}, {}});
    const std::size_t e = s_.elements.size() - 1;
    s_.elements[parent].kids.push_back({StructKid::Kind::Element, e, 0, 0, 0});
    return e;
  }

  // The element a group stands for, made on first use under `parent`.
  std::size_t group(const Group& g, std::size_t parent) {
    auto it = groups_.find(key(g));
    if (it != groups_.end()) return it->second;
    std::size_t e = 0;
    switch (g.kind) {
      case Group::Kind::List: e = add("L", parent); break;
      case Group::Kind::ListItem: e = add("LI", parent); break;
      case Group::Kind::BlockQuote: e = add("BlockQuote", parent); break;
      case Group::Kind::CrisisBox:
        e = add("Note", parent);
        s_.elements[e].id = "crisis-box-" + std::to_string(++notes_);
        break;
    }
    groups_.emplace(key(g), e);
    return e;
  }

  // An LI's body, made on first use (after its label, which comes first).
  std::size_t body(std::size_t li) {
    auto [it, fresh] = bodies_.try_emplace(li, 0);
    if (fresh) it->second = add("LBody", li);
    return it->second;
  }

  // The innermost element the block's own element goes into.
  std::size_t container(const layout::BlockTag& tag) {
    std::size_t parent = 0;
    for (const auto& g : tag.groups) {
      const std::size_t e = group(g, parent);
      parent = g.kind == Group::Kind::ListItem ? body(e) : e;
    }
    return parent;
  }

  std::size_t block(std::uint32_t b) {
    // Items come block by block: the last answer is almost always the one asked for again.
    if (b == last_block_) return last_element_;
    const layout::BlockTag& tag = blocks_tags_.at(b - 1);
    last_block_ = b;
    if (blocks_[b] != kNone) return last_element_ = blocks_[b];
    const char* type = "P";
    switch (tag.role) {
      case Role::Heading1: type = "H1"; break;
      case Role::Heading2: type = "H2"; break;
      case Role::Heading3: type = "H3"; break;
      case Role::Code: type = "Code"; break;
      default: break;
    }
    blocks_[b] = add(type, container(tag));
    return last_element_ = blocks_[b];
  }

  // A list label's Lbl: first among its LI's kids, whatever was made before it.
  std::size_t label(std::uint32_t b) {
    const layout::BlockTag& tag = blocks_tags_.at(b - 1);
    std::size_t li = SIZE_MAX;
    std::size_t parent = 0;
    for (const auto& g : tag.groups) {
      const std::size_t e = group(g, parent);
      if (g.kind == Group::Kind::ListItem) li = e;
      parent = g.kind == Group::Kind::ListItem ? body(e) : e;
    }
    if (li == SIZE_MAX) return block(b);  // a label outside a list: part of the paragraph
    s_.elements.push_back({"Lbl", li, {}, {}});
    const std::size_t e = s_.elements.size() - 1;
    auto& kids = s_.elements[li].kids;
    kids.insert(kids.begin(), {StructKid::Kind::Element, e, 0, 0, 0});
    return e;
  }

  void page(std::size_t p, const std::vector<Placed>& items, std::vector<ItemMark>& marks) {
    marks.assign(items.size(), ItemMark{});
    auto& owners = s_.mcid_owner.emplace_back();
    std::size_t open = SIZE_MAX;  // the owner of the sequence being drawn
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Placed& it = items[i];
      ItemMark& m = marks[i];
      if (it.kind != Placed::Kind::Text || it.role == Role::Header || it.role == Role::Footer || it.block == 0) {
        m.kind = ItemMark::Kind::Artifact;
        m.artifact = it.kind == Placed::Kind::Text ? "Pagination" : "Layout";
        open = SIZE_MAX;
        continue;
      }
      if (it.text.empty()) continue;
      std::size_t owner = 0;
      if (it.role == Role::ListLabel) {
        owner = label(it.block);
        link_ = SIZE_MAX;
      } else {
        owner = block(it.block);
        if (it.link) {
          // Words of one link, even across lines and pages, are one Link element.
          const bool same = link_ != SIZE_MAX && link_block_ == it.block && link_uri_ == it.uri() && link_dest_ == it.dest();
          if (!same) {
            link_ = add("Link", owner);
            link_block_ = it.block;
            link_uri_ = it.uri();
            link_dest_ = it.dest();
          }
          owner = link_;
        } else {
          link_ = SIZE_MAX;
        }
      }
      if (owner != open) {
        owners.push_back(owner);
        s_.elements[owner].kids.push_back({StructKid::Kind::Content, 0, p, static_cast<int>(owners.size() - 1), 0});
        open = owner;
      }
      m.kind = ItemMark::Kind::Content;
      m.mcid = static_cast<int>(owners.size() - 1);
      m.element = owner;
    }
  }

  static std::uint64_t key(const Group& g) { return (static_cast<std::uint64_t>(g.kind) << 32) | g.id; }

  const std::vector<layout::BlockTag>& blocks_tags_;
  Structure s_;
  static constexpr std::size_t kNone = SIZE_MAX;
  std::unordered_map<std::uint64_t, std::size_t> groups_;
  std::unordered_map<std::size_t, std::size_t> bodies_;  // LI element -> its LBody
  std::vector<std::size_t> blocks_;  // block (from 1) -> its element; kNone: not made yet
  std::uint32_t last_block_ = 0;  // 0: none (blocks count from 1)
  std::size_t last_element_ = 0;
  std::size_t link_ = SIZE_MAX;
  std::uint32_t link_block_ = 0;
  std::string link_uri_, link_dest_;
  int notes_ = 0;
};

namespace {

void dump(const Structure& s, const layout::PageSet& pages, std::size_t e, int depth, std::string& out) {
  const StructElement& el = s.elements[e];
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += el.type;
  if (!el.id.empty()) out += " #" + el.id;
  std::string text;
  for (const auto& k : el.kids) {
    if (k.kind != StructKid::Kind::Content) continue;
    const auto& items = pages.pages[k.page].items;
    const auto& marks = s.marks[k.page];
    for (std::size_t i = 0; i < items.size(); ++i)
      if (marks[i].kind == ItemMark::Kind::Content && marks[i].mcid == k.mcid) {
        if (!text.empty()) text += ' ';
        text += items[i].text;
      }
  }
  if (!text.empty()) out += ": " + text;
  out += '\n';
  for (const auto& k : el.kids)
    if (k.kind == StructKid::Kind::Element) dump(s, pages, k.element, depth + 1, out);
}

}  // namespace

StructureBuilder::StructureBuilder(const std::vector<layout::BlockTag>& blocks) : b_(std::make_unique<Builder>(blocks)) {}
StructureBuilder::~StructureBuilder() = default;

void StructureBuilder::add_page(const std::vector<layout::Placed>& items, std::vector<ItemMark>& marks) {
  b_->page(b_->s_.mcid_owner.size(), items, marks);
}

Structure& StructureBuilder::structure() { return b_->s_; }

Structure build_structure(const layout::PageSet& pages) {
  StructureBuilder builder(pages.blocks);
  std::vector<ItemMark> marks;
  for (const auto& page : pages.pages) {
    builder.add_page(page.items, marks);
    builder.structure().marks.push_back(std::move(marks));
  }
  return std::move(builder.structure());
}

std::string dump_structure(const Structure& s, const layout::PageSet& pages) {
  std::string out;
  dump(s, pages, 0, 0, out);
  return out;
}

}  // namespace bindery::pdf
