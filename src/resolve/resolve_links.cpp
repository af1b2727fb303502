// Link targets, images and `@id` references (resolve stage). Links inside the book point at
// heading ids (never paragraphs: Kobo opens those as pop-ups) in whichever chapter file holds them.
#include "resolve/resolve_links.hpp"
#include "util/jobs.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "load/read_source_file.hpp"
#include "text/utf8.hpp"

namespace bindery::resolve {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string scheme_of(const std::string& url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return {};
  std::size_t i = 1;
  while (i < url.size() && (std::isalnum(static_cast<unsigned char>(url[i])) || url[i] == '+' || url[i] == '.' || url[i] == '-')) ++i;
  if (i < url.size() && url[i] == ':') return lower(url.substr(0, i));
  return {};
}

// Percent-encodes what a URL may not contain raw (spaces, non-ASCII, quotes, brackets outside an
// IPv6 host, a second `#`), and stray `%`. `keep_from`..`keep_to` is a host left untouched.
std::string encode_url(const std::string& url, std::size_t keep_from = 0, std::size_t keep_to = 0) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  bool seen_hash = false;
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    const bool in_host = i >= keep_from && i < keep_to;
    const bool pct_ok = c == '%' && i + 2 < url.size() && std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
                        std::isxdigit(static_cast<unsigned char>(url[i + 2]));
    const bool bracket = (c == '[' || c == ']') && !in_host;
    const bool extra_hash = c == '#' && seen_hash;
    if (c == '#') seen_hash = true;
    if (c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' && c != '`' && c != '{' &&
        c != '|' && c != '}' && !bracket && !extra_hash && (c != '%' || pct_ok)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Checks the authority of an http(s)/ftp URL; returns the host's [begin, end) or nothing when a
// reader could not reach it (no host, bad characters, empty labels).
bool host_range(const std::string& url, std::size_t& from, std::size_t& to) {
  const std::size_t slashes = url.find("://");
  if (slashes == std::string::npos) return false;
  const std::size_t a = slashes + 3;
  std::size_t end = url.find_first_of("/?#", a);
  if (end == std::string::npos) end = url.size();
  std::size_t host = a;
  if (auto at = url.rfind('@', end); at != std::string::npos && at >= a) host = at + 1;
  if (host < end && url[host] == '[') {
    const std::size_t close = url.find(']', host);
    if (close == std::string::npos || close >= end) return false;
    for (std::size_t i = host + 1; i < close; ++i)
      if (!(std::isxdigit(static_cast<unsigned char>(url[i])) || url[i] == ':' || url[i] == '.')) return false;
    from = host;
    to = close + 1;
    return to == end || (url[to] == ':' && to + 1 < end);
  }
  std::size_t host_end = host;
  while (host_end < end && url[host_end] != ':') ++host_end;
  if (host_end == host) return false;
  std::size_t label = 0;
  for (std::size_t i = host; i <= host_end; ++i) {
    const char c = i < host_end ? url[i] : '.';
    if (c == '.') {
      if (label == 0 || url[i - 1] == '-' || url[i - label] == '-') return false;
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || static_cast<unsigned char>(c) >= 0x80) {
      ++label;
    } else {
      return false;
    }
  }
  for (std::size_t i = host_end + 1; i < end; ++i)
    if (!std::isdigit(static_cast<unsigned char>(url[i]))) return false;
  from = host;
  to = host_end;
  return true;
}

// A URL as it may appear in a one-line message.
std::string shown(const std::string& url) {
  std::string out;
  for (char c : url) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

std::string media_type_of(const std::string& bytes, const std::string& path) {
  if (bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0) return "image/png";
  if (bytes.rfind("\xFF\xD8\xFF", 0) == 0) return "image/jpeg";
  if (bytes.rfind("GIF87a", 0) == 0 || bytes.rfind("GIF89a", 0) == 0) return "image/gif";
  if (lower(fs::path(path).extension().string()) == ".svg" && bytes.find("<svg") != std::string::npos) return "image/svg+xml";
  return {};
}

// The closest id within a quarter of its length in edits, as a hint; "" past the run's budget.
std::string suggest(const std::string& id, bool numbered_only, LinkContext& ctx) {
  if (ctx.suggestions_left == 0) return "";
  --ctx.suggestions_left;
  std::vector<std::string>& keys = numbered_only ? ctx.numbered_keys : ctx.all_keys;
  if (keys.empty()) {
    if (numbered_only) {
      for (const auto& item : ctx.out.numbered) keys.push_back(item.id);
    } else {
      for (const auto& [k, v] : ctx.ids) keys.push_back(k);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, id.size() / 4) + 1;
  for (const auto& k : keys) {
    std::size_t d = text::edit_distance(k, id);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best.empty() ? "" : "; did you mean `" + best + "`?";
}

class Walker {
 public:
  Walker(doc::Chapter& ch, std::size_t index, LinkContext& ctx) : ch_(ch), index_(index), ctx_(ctx) {}

  void run() { walk(ch_.blocks); }

 private:
  // Recursion is bounded: the parse stage caps block, inline and raw HTML nesting.
  // Nodes are resolved in place; the vector is rebuilt only from the first node that turns into
  // a different number of nodes (a removed link or image), since moving every node of the book
  // into a new vector was most of this stage's time.
  void walk(std::vector<doc::Node>& nodes) {
    std::vector<doc::Node> out;
    bool rebuilt = false;
    auto rebuild = [&](std::size_t upto) {
      if (rebuilt) return;
      rebuilt = true;
      out.reserve(nodes.size() + 4);
      for (std::size_t k = 0; k < upto; ++k) out.push_back(std::move(nodes[k]));
    };
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      auto& n = nodes[i];
      if (n.type == doc::NodeType::Heading) enter_heading(n);
      if (n.type == doc::NodeType::Ref) {
        doc::Node r = resolve_ref(n);
        if (rebuilt) out.push_back(std::move(r));
        else n = std::move(r);
        continue;
      }
      if (n.type == doc::NodeType::Link && !resolve_link(n)) {
        walk(n.children);
        rebuild(i);
        for (auto& c : n.children) out.push_back(std::move(c));
        continue;
      }
      if (n.type == doc::NodeType::Image && !resolve_image(n)) {
        // A removed image keeps its description in the text.
        std::string alt = doc::plain_text(n);
        rebuild(i);
        if (!alt.empty()) {
          doc::Node t;
          t.type = doc::NodeType::Text;
          t.pos = n.pos;
          t.text = alt;
          out.push_back(std::move(t));
        }
        continue;
      }
      // Inside a link a reference becomes text (links cannot nest); inside a heading it is
      // short ("Practice 1"), so the heading reads the same in the contents and in references.
      const bool link = n.type == doc::NodeType::Link, heading = n.type == doc::NodeType::Heading;
      link_depth_ += link ? 1 : 0;
      in_heading_ = in_heading_ || heading;
      if (n.type != doc::NodeType::Image) walk(n.children);
      link_depth_ -= link ? 1 : 0;
      if (heading) in_heading_ = false;
      if (rebuilt) out.push_back(std::move(n));
    }
    if (rebuilt) nodes = std::move(out);
  }

  // Tracks which numbered item the text belongs to, for back-links.
  void enter_heading(const doc::Node& h) {
    const NumberedItem* it = ctx_.numbered(h.id());
    if (it) {
      current_ = it->id;
      current_level_ = h.level;
    } else if (!current_.empty() && h.level <= current_level_) {
      current_.clear();
    }
    for (const auto& [id, pos] : h.see()) {
      if (ctx_.numbered(id)) {
        if (!it) {
          ctx_.diags.error(diag::Kind::UnnumberedReference, pos, "`see` belongs on a numbered heading; `" + h.id() + "` has no number");
          continue;
        }
        record_reference(id);
        continue;
      }
      ctx_.diags.error(ctx_.ids.count(id) ? diag::Kind::UnnumberedReference : diag::Kind::UnknownReference, pos,
                       ctx_.ids.count(id) ? "`see` names `" + id + "`, a heading that has no number"
                                          : "unknown id `" + id + "` in `see`" + suggest(id, true, ctx_));
    }
  }

  void record_reference(const std::string& target) {
    if (current_.empty() || current_ == target) return;
    NumberedItem* from = ctx_.numbered(current_);
    NumberedItem* to = ctx_.numbered(target);
    if (!from || !to) return;
    if (std::find(from->references.begin(), from->references.end(), target) == from->references.end())
      from->references.push_back(target);
    if (std::find(to->referenced_by.begin(), to->referenced_by.end(), current_) == to->referenced_by.end())
      to->referenced_by.push_back(current_);
  }

  std::string href_to(const std::string& id) {
    const IdTarget& t = ctx_.ids.at(id);
    return (t.chapter == index_ ? std::string() : ctx_.out.chapters[t.chapter].xhtml) + "#" + id;
  }

  doc::Node resolve_ref(const doc::Node& ref) {
    const NumberedItem* it = ctx_.numbered(ref.text);
    doc::Node label;
    label.type = doc::NodeType::Text;
    label.pos = ref.pos;
    if (!it) {
      label.text = (ref.short_form ? "-@" : "@") + ref.text;
      const std::string prefix = ref.text.substr(0, ref.text.find('-'));
      const bool declared = std::any_of(ctx_.manuscript.kinds.begin(), ctx_.manuscript.kinds.end(),
                                        [&](const load::NumberedKind& k) { return k.prefix == prefix; });
      if (ctx_.ids.count(ref.text)) {
        ctx_.diags.error(diag::Kind::UnnumberedReference, ref.pos,
                         "`" + label.text + "` points at a heading that has no number; link to it with `[your words](#" + ref.text + ")`");
      } else if (declared) {
        ctx_.diags.error(diag::Kind::UnknownReference, ref.pos,
                         "unknown reference `" + label.text + "`" + suggest(ref.text, true, ctx_));
      }
      // Otherwise it was never meant as a reference (`@some-handle`): it stays text.
      return label;
    }
    record_reference(it->id);
    const bool short_form = ref.short_form || in_heading_;
    label.text = it->kind_label + " " + std::to_string(it->number) + (short_form ? "" : ": " + it->title);
    if (link_depth_ > 0) return label;
    doc::Node link;
    link.type = doc::NodeType::Link;
    link.pos = ref.pos;
    link.extra().url = href_to(it->id);
    link.children.push_back(std::move(label));
    return link;
  }

  // Returns false when the link must be removed (its text stays).
  bool resolve_link(doc::Node& link) {
    const std::string url = link.url();
    const std::string scheme = scheme_of(url);
    if (!scheme.empty()) {
      if (scheme == "javascript" || scheme == "vbscript" || scheme == "data" || scheme == "file") {
        ctx_.diags.report(diag::Kind::UnsafeLink, link.pos, "`" + scheme + ":` link removed; books never carry " +
                                                                 (scheme == "file" ? "links to local files" : "executable or embedded links"));
        return false;
      }
      if (scheme == "http" || scheme == "https" || scheme == "ftp") {
        std::size_t from = 0, to = 0;
        if (!host_range(url, from, to)) {
          ctx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link `" + shown(url) + "` has no valid host name; the link is removed");
          return false;
        }
        link.extra().url = encode_url(url, from, to);
        return true;
      }
      if (scheme == "mailto" || scheme == "tel" || scheme == "sms") {
        link.extra().url = encode_url(url);
        return true;
      }
      ctx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link with unsupported scheme `" + shown(scheme) + ":` removed; its text is kept");
      return false;
    }
    if (url.empty()) {
      ctx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link has no target; its text is kept");
      return false;
    }
    std::string path = url, fragment;
    if (auto hash = url.find('#'); hash != std::string::npos) {
      path = url.substr(0, hash);
      fragment = url.substr(hash + 1);
    }
    std::size_t target_chapter = index_;
    if (!path.empty()) {
      if (path.find('?') != std::string::npos || path[0] == '/') {
        ctx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link target `" + shown(url) + "` is not a chapter of the book; the link is removed");
        return false;
      }
      std::string joined = (fs::path(ch_.path).parent_path() / path).lexically_normal().generic_string();
      const auto& chapters = ctx_.manuscript.chapters;
      if (ctx_.chapter_at.empty())
        for (std::size_t c = 0; c < chapters.size(); ++c) ctx_.chapter_at.emplace(chapters[c].path, c);
      auto it = ctx_.chapter_at.find(joined);
      if (it == ctx_.chapter_at.end()) {
        ctx_.diags.report(diag::Kind::UnresolvedLink, link.pos,
                          "link target `" + shown(url) + "` is not a chapter of the book; the link is removed" + (path.size() > 3 && path.compare(path.size() - 3, 3, ".md") == 0 ? std::string() : std::string(" (link to a chapter's `.md` file or to `#id`)")));
        return false;
      }
      target_chapter = it->second;
    }
    if (fragment.empty()) {
      if (path.empty()) {
        ctx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link target `#` names no heading; the link is removed");
        return false;
      }
      link.extra().url = target_chapter == index_ ? ctx_.out.chapters[index_].xhtml : ctx_.out.chapters[target_chapter].xhtml;
      return true;
    }
    auto target = ctx_.ids.find(fragment);
    if (target == ctx_.ids.end()) {
      ctx_.diags.error(diag::Kind::UnknownReference, link.pos, "link to unknown id `#" + fragment + "`" + suggest(fragment, false, ctx_));
      return false;
    }
    if (!path.empty() && target->second.chapter != target_chapter) {
      ctx_.diags.report(diag::Kind::UnresolvedLink, link.pos,
                        "`#" + fragment + "` is not in `" + path + "`; linked to the chapter that holds it");
    }
    record_reference(fragment);
    link.extra().url = href_to(fragment);
    return true;
  }

  bool resolve_image(doc::Node& img) {
    const std::string scheme = scheme_of(img.url());
    if (!scheme.empty()) {
      if (scheme == "http" || scheme == "https") {
        ctx_.diags.report(diag::Kind::RemoteImage, img.pos,
                          "remote image `" + img.url() + "` is not embedded (books must work offline); its description is kept");
      } else {
        ctx_.diags.report(diag::Kind::UnsafeLink, img.pos, "`" + scheme + ":` image removed; put the image file in the manuscript folder");
      }
      return false;
    }
    if (img.url().empty()) {
      ctx_.diags.error(diag::Kind::MissingImage, img.pos, "image has no file name");
      return false;
    }
    std::string rel = (fs::path(ch_.path).parent_path() / img.url()).lexically_normal().generic_string();
    auto real = load::resolve_inside(ctx_.manuscript.root, rel, img.pos, ctx_.diags);
    if (!real) return false;
    std::error_code ec;
    if (!fs::exists(*real, ec)) {
      ctx_.diags.error(diag::Kind::MissingImage, img.pos, "image `" + img.url() + "` not found in the manuscript folder");
      return false;
    }
    auto bytes = load::read_bytes(*real, img.url(), img.pos, true, ctx_.diags);
    if (!bytes) return false;
    std::string type = media_type_of(*bytes, rel);
    if (type.empty()) {
      ctx_.diags.error(diag::Kind::UnsupportedImage, img.pos, "`" + img.url() + "` is not a PNG, JPEG, GIF or SVG image");
      return false;
    }
    if (type == "image/svg+xml" && (bytes->find("<script") != std::string::npos || bytes->find("foreignObject") != std::string::npos)) {
      ctx_.diags.error(diag::Kind::UnsupportedImage, img.pos, "SVG image `" + img.url() + "` contains scripts or foreign objects; export a plain SVG");
      return false;
    }
    auto& images = ctx_.out.images;
    auto it = std::find_if(images.begin(), images.end(), [&](const load::Asset& a) { return a.path == rel; });
    if (it == images.end()) {
      // Zip entry names stay plain ASCII; a numeric prefix keeps `a/b.png` and `a-b.png` apart.
      std::string name = std::to_string(images.size() + 1) + "-";
      for (char c : rel) name += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '-';
      images.push_back({rel, name, type, std::move(*bytes)});
      it = images.end() - 1;
    }
    img.extra().url = "../images/" + it->name;
    if (doc::plain_text(img).empty()) {
      ctx_.out.images_all_have_alt = false;
      ctx_.diags.report(diag::Kind::MissingAltText, img.pos, "image `" + rel + "` has no description; write one between the brackets for screen-reader users");
    }
    return true;
  }

  doc::Chapter& ch_;
  std::size_t index_;
  LinkContext& ctx_;
  std::string current_;
  int current_level_ = 0;
  int link_depth_ = 0;
  bool in_heading_ = false;
};

}  // namespace

void number_items(doc::Book& book, LinkContext& ctx) {
  std::map<std::string, int> counters;
  for (std::size_t c = 0; c < book.chapters.size(); ++c) {
    for (auto& b : book.chapters[c].blocks) {
      if (b.type != doc::NodeType::Heading || b.id().empty()) continue;
      const std::string prefix = b.id().substr(0, b.id().find('-'));
      auto kind = std::find_if(ctx.manuscript.kinds.begin(), ctx.manuscript.kinds.end(),
                               [&](const load::NumberedKind& k) { return k.prefix == prefix && b.id().size() > prefix.size() + 1; });
      if (kind == ctx.manuscript.kinds.end()) continue;
      NumberedItem item;
      item.id = b.id();
      item.prefix = kind->prefix;
      item.kind_label = kind->label;
      item.number = ++counters[kind->prefix];
      item.href = ctx.out.chapters[c].xhtml + "#" + b.id();
      item.pos = b.pos;
      // The heading shows its label and number: "Scenario 3: The repair that actually works".
      doc::Node number;
      number.type = doc::NodeType::Element;
      number.text = "span";
      number.extra().attrs = {{"class", "number"}};
      number.pos = b.pos;
      doc::Node label;
      label.type = doc::NodeType::Text;
      label.pos = b.pos;
      label.text = item.kind_label + " " + std::to_string(item.number) + ":";
      number.children.push_back(std::move(label));
      doc::Node space = number.children.back();
      space.text = " ";
      b.children.insert(b.children.begin(), {std::move(number), std::move(space)});
      ctx.numbered_at.emplace(item.id, ctx.out.numbered.size());
      ctx.out.numbered.push_back(std::move(item));
    }
  }
  // Titles once every item has its number: a reference inside a heading reads "Practice 1".
  std::size_t next = 0;
  for (auto& ch : book.chapters) {
    for (auto& b : ch.blocks) {
      if (b.type != doc::NodeType::Heading || next >= ctx.out.numbered.size() || ctx.out.numbered[next].id != b.id()) continue;
      std::string title;
      for (std::size_t k = 2; k < b.children.size(); ++k) {  // skip the label span and its space
        const doc::Node& n = b.children[k];
        if (n.type != doc::NodeType::Ref) {
          title += doc::plain_text(n);
          continue;
        }
        const NumberedItem* target = ctx.numbered(n.text);
        title += !target ? "@" + n.text : target->kind_label + " " + std::to_string(target->number);
      }
      ctx.out.numbered[next++].title = title;
    }
  }
}

namespace {
void add_chapter_back_links(doc::Chapter& chapter, std::size_t c, const LinkContext& ctx);
}  // namespace

void add_back_links(doc::Book& book, LinkContext& ctx) {
  // Chapters only read the context here (every item and reference is known), so a long book
  // does them on two cores.
  util::split_in_two(
      book.chapters.size(), [&](std::size_t c) { return book.chapters[c].blocks.size(); }, 4096,
      [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t c = from; c < to; ++c) add_chapter_back_links(book.chapters[c], c, ctx);
      });
}

namespace {

void add_chapter_back_links(doc::Chapter& chapter, std::size_t c, const LinkContext& ctx) {
  const auto& items = ctx.out.numbered;
  auto& blocks = chapter.blocks;
  // Each list goes at the end of its heading's section. The lists are collected first and the
  // chapter rebuilt once (inserting each into the vector moved every block after it: quadratic
  // in a chapter of thousands of numbered sections). A list at the same place as another comes
  // before it when its heading is later (a subsection's list, then its section's).
  struct Insert {
    std::size_t at, heading;
    doc::Node list;
  };
  std::vector<Insert> inserts;
  for (std::size_t i = blocks.size(); i-- > 0;) {
    if (blocks[i].type != doc::NodeType::Heading) continue;
    const NumberedItem* item = ctx.numbered(blocks[i].id());
    if (!item) continue;
    auto kind = std::find_if(ctx.manuscript.kinds.begin(), ctx.manuscript.kinds.end(),
                             [&](const load::NumberedKind& k) { return k.prefix == item->prefix; });
    if (kind == ctx.manuscript.kinds.end() || kind->backlink_heading.empty()) continue;
    // Every item related to this one, whichever side wrote the reference, in reading order.
    // (Positions in `items` are reading order.)
    std::vector<std::size_t> related;
    for (const auto* ids : {&item->referenced_by, &item->references})
      for (const auto& id : *ids)
        if (auto at = ctx.numbered_at.find(id); at != ctx.numbered_at.end()) related.push_back(at->second);
    std::sort(related.begin(), related.end());
    related.erase(std::unique(related.begin(), related.end()), related.end());
    std::vector<const NumberedItem*> from;
    for (std::size_t k : related) from.push_back(&items[k]);
    if (from.empty()) continue;
    doc::Node list;
    list.type = doc::NodeType::BackLinks;
    list.pos = blocks[i].pos;
    list.text = kind->backlink_heading;
    list.extra().id = "backlinks-" + item->id;
    for (const NumberedItem* o : from) {
      doc::Node link;
      link.type = doc::NodeType::Link;
      link.pos = list.pos;
      const IdTarget& t = ctx.ids.at(o->id);
      link.extra().url = (t.chapter == c ? std::string() : ctx.out.chapters[t.chapter].xhtml) + "#" + o->id;
      doc::Node label;
      label.type = doc::NodeType::Text;
      label.pos = list.pos;
      label.text = o->kind_label + " " + std::to_string(o->number) + ": " + o->title;
      link.children.push_back(std::move(label));
      list.children.push_back(std::move(link));
    }
    std::size_t end = i + 1;
    while (end < blocks.size() && !(blocks[end].type == doc::NodeType::Heading && blocks[end].level <= blocks[i].level)) ++end;
    inserts.push_back({end, i, std::move(list)});
  }
  if (inserts.empty()) return;
  std::stable_sort(inserts.begin(), inserts.end(), [](const Insert& a, const Insert& b) {
    return a.at != b.at ? a.at < b.at : a.heading > b.heading;
  });
  std::vector<doc::Node> out;
  out.reserve(blocks.size() + inserts.size());
  std::size_t next = 0;
  for (std::size_t b = 0; b <= blocks.size(); ++b) {
    while (next < inserts.size() && inserts[next].at == b) out.push_back(std::move(inserts[next++].list));
    if (b < blocks.size()) out.push_back(std::move(blocks[b]));
  }
  blocks = std::move(out);
}

}  // namespace

void check_item_links(LinkContext& ctx) {
  const auto& items = ctx.out.numbered;
  const auto& kinds = ctx.manuscript.kinds;
  auto prefix_of = [&](const std::string& id) {
    const NumberedItem* it = ctx.numbered(id);
    return it ? it->prefix : std::string();
  };
  auto label_of = [&](const std::string& prefix) {
    auto k = std::find_if(kinds.begin(), kinds.end(), [&](const load::NumberedKind& k) { return k.prefix == prefix; });
    return k == kinds.end() ? prefix : k->label;
  };
  for (const auto& item : items) {
    std::vector<std::string> linked = item.references;
    linked.insert(linked.end(), item.referenced_by.begin(), item.referenced_by.end());
    auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const load::NumberedKind& k) { return k.prefix == item.prefix; });
    if (!kind->leads_to.empty() &&
        std::none_of(linked.begin(), linked.end(), [&](const std::string& id) { return prefix_of(id) == kind->leads_to; })) {
      std::string target = label_of(kind->leads_to);
      for (auto& ch : target) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      ctx.diags.report(diag::Kind::UnlinkedItem, item.pos,
                       item.kind_label + " " + std::to_string(item.number) + " `" + item.id + "` leads to no " + target +
                           "; name one with `see=\"" + kind->leads_to + "-...\"` on its heading or `@" + kind->leads_to + "-...` in its text");
    }
    std::vector<std::string> sources;
    for (const auto& k : kinds) if (k.leads_to == item.prefix) sources.push_back(k.prefix);
    if (!sources.empty() && std::none_of(linked.begin(), linked.end(), [&](const std::string& id) {
          return std::find(sources.begin(), sources.end(), prefix_of(id)) != sources.end();
        })) {
      std::string from;
      for (std::size_t i = 0; i < sources.size(); ++i) from += (i == 0 ? "" : i + 1 == sources.size() ? " or " : ", ") + label_of(sources[i]);
      ctx.diags.report(diag::Kind::UnreachedItem, item.pos,
                       item.kind_label + " " + std::to_string(item.number) + " `" + item.id + "` is referenced from no " + from +
                           "; reference it with `@" + item.id + "`");
    }
  }
}

void resolve_chapter_links(doc::Chapter& chapter, std::size_t index, LinkContext& ctx) {
  Walker(chapter, index, ctx).run();
}

}  // namespace bindery::resolve
