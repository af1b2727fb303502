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
  out.reserve(url.size());
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

// What walking one chapter changes outside it, kept apart so chapters can be walked on two cores
// and the effects applied afterwards in chapter order: the same diagnostics, references, hints and
// image names as a walk on one thread.
struct ChapterEffects {
  diag::Diagnostics diags;
  std::vector<std::pair<std::string, std::string>> references;  ///< (from item, to item), in order
  struct Hint {
    std::size_t diag;  ///< index in `diags` of the error the "did you mean" belongs to
    std::string id;
    bool numbered_only;
  };
  std::vector<Hint> hints;
  struct Image {
    std::string rel, type, bytes;
  };
  std::vector<Image> images;  ///< each use, in order; its node's url is kImagePending + index
  bool image_without_alt = false;
};

// Marks an image node whose file name is given when effects are applied (no URL has it: every
// other URL comes from the manuscript, and control characters never survive load).
constexpr char kImagePending = '\x01';

class Walker {
 public:
  Walker(doc::Chapter& ch, std::size_t index, const LinkContext& ctx, ChapterEffects& fx)
      : ch_(ch), index_(index), ctx_(ctx), fx_(fx) {}

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
          fx_.diags.error(diag::Kind::UnnumberedReference, pos, "`see` belongs on a numbered heading; `" + h.id() + "` has no number");
          continue;
        }
        record_reference(id);
        continue;
      }
      if (!ctx_.ids.count(id)) hint(id, true);
      fx_.diags.error(ctx_.ids.count(id) ? diag::Kind::UnnumberedReference : diag::Kind::UnknownReference, pos,
                       ctx_.ids.count(id) ? "`see` names `" + id + "`, a heading that has no number"
                                          : "unknown id `" + id + "` in `see`");
    }
  }

  void record_reference(const std::string& target) {
    if (current_.empty() || current_ == target) return;
    if (!ctx_.numbered(current_) || !ctx_.numbered(target)) return;
    fx_.references.emplace_back(current_, target);
  }

  // The next error reported gets a "did you mean" when the effects are applied (the run's budget
  // of hints goes in reading order).
  void hint(const std::string& id, bool numbered_only) { fx_.hints.push_back({fx_.diags.all().size(), id, numbered_only}); }

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
        fx_.diags.error(diag::Kind::UnnumberedReference, ref.pos,
                         "`" + label.text + "` points at a heading that has no number; link to it with `[your words](#" + ref.text + ")`");
      } else if (declared) {
        hint(ref.text, true);
        fx_.diags.error(diag::Kind::UnknownReference, ref.pos, "unknown reference `" + label.text + "`");
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
        fx_.diags.report(diag::Kind::UnsafeLink, link.pos, "`" + scheme + ":` link removed; books never carry " +
                                                                 (scheme == "file" ? "links to local files" : "executable or embedded links"));
        return false;
      }
      if (scheme == "http" || scheme == "https" || scheme == "ftp") {
        std::size_t from = 0, to = 0;
        if (!host_range(url, from, to)) {
          fx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link `" + shown(url) + "` has no valid host name; the link is removed");
          return false;
        }
        link.extra().url = encode_url(url, from, to);
        return true;
      }
      if (scheme == "mailto" || scheme == "tel" || scheme == "sms") {
        link.extra().url = encode_url(url);
        return true;
      }
      fx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link with unsupported scheme `" + shown(scheme) + ":` removed; its text is kept");
      return false;
    }
    if (url.empty()) {
      fx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link has no target; its text is kept");
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
        fx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link target `" + shown(url) + "` is not a chapter of the book; the link is removed");
        return false;
      }
      std::string joined = (fs::path(ch_.path).parent_path() / path).lexically_normal().generic_string();
      auto it = ctx_.chapter_at.find(joined);
      if (it == ctx_.chapter_at.end()) {
        fx_.diags.report(diag::Kind::UnresolvedLink, link.pos,
                          "link target `" + shown(url) + "` is not a chapter of the book; the link is removed" + (path.size() > 3 && path.compare(path.size() - 3, 3, ".md") == 0 ? std::string() : std::string(" (link to a chapter's `.md` file or to `#id`)")));
        return false;
      }
      target_chapter = it->second;
    }
    if (fragment.empty()) {
      if (path.empty()) {
        fx_.diags.report(diag::Kind::UnresolvedLink, link.pos, "link target `#` names no heading; the link is removed");
        return false;
      }
      link.extra().url = target_chapter == index_ ? ctx_.out.chapters[index_].xhtml : ctx_.out.chapters[target_chapter].xhtml;
      return true;
    }
    auto target = ctx_.ids.find(fragment);
    if (target == ctx_.ids.end()) {
      hint(fragment, false);
      fx_.diags.error(diag::Kind::UnknownReference, link.pos, "link to unknown id `#" + fragment + "`");
      return false;
    }
    if (!path.empty() && target->second.chapter != target_chapter) {
      fx_.diags.report(diag::Kind::UnresolvedLink, link.pos,
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
        fx_.diags.report(diag::Kind::RemoteImage, img.pos,
                          "remote image `" + img.url() + "` is not embedded (books must work offline); its description is kept");
      } else {
        fx_.diags.report(diag::Kind::UnsafeLink, img.pos, "`" + scheme + ":` image removed; put the image file in the manuscript folder");
      }
      return false;
    }
    if (img.url().empty()) {
      fx_.diags.error(diag::Kind::MissingImage, img.pos, "image has no file name");
      return false;
    }
    std::string rel = (fs::path(ch_.path).parent_path() / img.url()).lexically_normal().generic_string();
    auto real = load::resolve_inside(ctx_.manuscript.root, rel, img.pos, ctx_.diags);
    if (!real) return false;
    std::error_code ec;
    if (!fs::exists(*real, ec)) {
      fx_.diags.error(diag::Kind::MissingImage, img.pos, "image `" + img.url() + "` not found in the manuscript folder");
      return false;
    }
    auto bytes = load::read_bytes(*real, img.url(), img.pos, true, ctx_.diags);
    if (!bytes) return false;
    std::string type = media_type_of(*bytes, rel);
    if (type.empty()) {
      fx_.diags.error(diag::Kind::UnsupportedImage, img.pos, "`" + img.url() + "` is not a PNG, JPEG, GIF or SVG image");
      return false;
    }
    if (type == "image/svg+xml" && (bytes->find("<script") != std::string::npos || bytes->find("foreignObject") != std::string::npos)) {
      fx_.diags.error(diag::Kind::UnsupportedImage, img.pos, "SVG image `" + img.url() + "` contains scripts or foreign objects; export a plain SVG");
      return false;
    }
    img.extra().url = std::string(1, kImagePending) + std::to_string(fx_.images.size());
    fx_.images.push_back({rel, type, std::move(*bytes)});
    if (doc::plain_text(img).empty()) {
      fx_.image_without_alt = true;
      fx_.diags.report(diag::Kind::MissingAltText, img.pos, "image `" + rel + "` has no description; write one between the brackets for screen-reader users");
    }
    return true;
  }

  doc::Chapter& ch_;
  std::size_t index_;
  const LinkContext& ctx_;
  ChapterEffects& fx_;
  std::string current_;
  int current_level_ = 0;
  int link_depth_ = 0;
  bool in_heading_ = false;
};

}  // namespace

void number_items(doc::Book& book, LinkContext& ctx) {
  // Numbers first, in reading order, on one thread: all that depends on the order. Each
  // numbered heading's place is kept so the edits below go straight to it.
  const auto& kinds = ctx.manuscript.kinds;
  std::vector<int> counters(kinds.size(), 0);
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> at(book.chapters.size());  // (block, item)
  for (std::size_t c = 0; c < book.chapters.size(); ++c) {
    const auto& blocks = book.chapters[c].blocks;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      if (blocks[b].type != doc::NodeType::Heading || blocks[b].id().empty()) continue;
      const std::string& id = blocks[b].id();
      const std::string_view prefix = std::string_view(id).substr(0, id.find('-'));
      std::size_t k = 0;
      while (k < kinds.size() && !(kinds[k].prefix == prefix && id.size() > prefix.size() + 1)) ++k;
      if (k == kinds.size()) continue;
      NumberedItem item;
      item.id = id;
      item.prefix = kinds[k].prefix;
      item.kind_label = kinds[k].label;
      item.number = ++counters[k];
      item.href = ctx.out.chapters[c].xhtml + "#" + id;
      item.pos = blocks[b].pos;
      at[c].emplace_back(b, ctx.out.numbered.size());
      ctx.numbered_at.emplace(item.id, ctx.out.numbered.size());
      ctx.out.numbered.push_back(std::move(item));
    }
  }
  // Then each chapter on its own, two cores for a long book: the label and number in front of
  // each heading's text ("Scenario 3: The repair that actually works"), and the item's title once
  // every item has its number (a reference inside a heading reads "Practice 1").
  const LinkContext& read = ctx;
  util::split_in_two(
      book.chapters.size(), [&](std::size_t c) { return at[c].size(); }, 512,
      [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t c = from; c < to; ++c) {
          for (const auto& [b, i] : at[c]) {
            doc::Node& h = book.chapters[c].blocks[b];
            NumberedItem& item = ctx.out.numbered[i];
            std::string title;
            for (const doc::Node& n : h.children) {
              if (n.type != doc::NodeType::Ref) {
                title += doc::plain_text(n);
                continue;
              }
              const NumberedItem* target = read.numbered(n.text);
              title += !target ? "@" + n.text : target->kind_label + " " + std::to_string(target->number);
            }
            item.title = std::move(title);
            std::vector<doc::Node> children(2);
            doc::Node& number = children[0];
            number.type = doc::NodeType::Element;
            number.text = "span";
            number.extra().attrs = {{"class", "number"}};
            number.pos = h.pos;
            number.children.resize(1);
            number.children[0].pos = h.pos;
            number.children[0].text = item.kind_label + " " + std::to_string(item.number) + ":";
            children[1].pos = h.pos;
            children[1].text = " ";
            children.reserve(2 + h.children.size());
            for (auto& n : h.children) children.push_back(std::move(n));
            h.children = std::move(children);
          }
        }
      });
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

namespace {

// Gives each image use its entry name (first use of a file numbers it) in place of its mark.
void name_images(std::vector<doc::Node>& nodes, const std::vector<std::string>& names) {
  for (auto& n : nodes) {
    if (n.type == doc::NodeType::Image && !n.url().empty() && n.url()[0] == kImagePending)
      n.extra().url = "../images/" + names[std::stoul(n.url().substr(1))];
    name_images(n.children, names);
  }
}

// Applies one chapter's effects, in the order a single walk would have made them.
void apply_effects(doc::Chapter& chapter, ChapterEffects& fx, LinkContext& ctx) {
  std::size_t next_hint = 0;
  const auto& all = fx.diags.all();
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::string message = all[i].message;
    for (; next_hint < fx.hints.size() && fx.hints[next_hint].diag == i; ++next_hint)
      message += suggest(fx.hints[next_hint].id, fx.hints[next_hint].numbered_only, ctx);
    ctx.diags.add(all[i].severity, all[i].kind, all[i].pos, all[i].has_pos, std::move(message));
  }
  for (const auto& [from_id, to_id] : fx.references) {
    NumberedItem* from = ctx.numbered(from_id);
    NumberedItem* to = ctx.numbered(to_id);
    if (std::find(from->references.begin(), from->references.end(), to_id) == from->references.end())
      from->references.push_back(to_id);
    if (std::find(to->referenced_by.begin(), to->referenced_by.end(), from_id) == to->referenced_by.end())
      to->referenced_by.push_back(from_id);
  }
  if (fx.image_without_alt) ctx.out.images_all_have_alt = false;
  if (fx.images.empty()) return;
  auto& images = ctx.out.images;
  std::vector<std::string> names;
  for (auto& use : fx.images) {
    auto it = std::find_if(images.begin(), images.end(), [&](const load::Asset& a) { return a.path == use.rel; });
    if (it == images.end()) {
      // Zip entry names stay plain ASCII; a numeric prefix keeps `a/b.png` and `a-b.png` apart.
      std::string name = std::to_string(images.size() + 1) + "-";
      for (char c : use.rel) name += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '-';
      images.push_back({use.rel, name, use.type, std::move(use.bytes)});
      it = images.end() - 1;
    }
    names.push_back(it->name);
  }
  name_images(chapter.blocks, names);
}

}  // namespace

void resolve_links(doc::Book& book, LinkContext& ctx) {
  const auto& chapters = ctx.manuscript.chapters;
  for (std::size_t c = 0; c < chapters.size(); ++c) ctx.chapter_at.emplace(chapters[c].path, c);
  std::vector<ChapterEffects> effects(book.chapters.size());
  // The walk only reads the context; what it would change is kept per chapter (see ChapterEffects).
  util::split_in_two(
      book.chapters.size(), [&](std::size_t c) { return book.chapters[c].blocks.size(); }, 4096,
      [&](std::size_t from, std::size_t to, bool) {
        for (std::size_t c = from; c < to; ++c) Walker(book.chapters[c], c, ctx, effects[c]).run();
      });
  for (std::size_t c = 0; c < book.chapters.size(); ++c) apply_effects(book.chapters[c], effects[c], ctx);
}

}  // namespace bindery::resolve
