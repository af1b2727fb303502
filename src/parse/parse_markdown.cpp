// Walks cmark's tree into doc::Node without recursion (deep input must not overflow the stack),
// keeping every node's source position. Parse stage.
#include <cmark.h>

#include <memory>

#include "diag/progress.hpp"
#include "parse/cmark_arena.hpp"
#include "parse/heading_id.hpp"
#include "parse/parse.hpp"
#include "parse/raw_html.hpp"
#include "parse/scan_refs.hpp"
#include "util/jobs.hpp"

namespace bindery::parse {
namespace {

struct Frame {
  doc::Node* node;   // the real node children are appended to
  bool flattened;    // this cmark container was dropped for depth; pop without finishing
  bool inline_ctx;   // children are inlines
  int block_depth;
  int inline_depth;
};

bool is_inline_container(cmark_node_type t) {
  return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG ||
         t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE || t == CMARK_NODE_CUSTOM_INLINE;
}

std::size_t child_count(cmark_node* n) {
  std::size_t count = 0;
  for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) ++count;
  return count;
}

std::string literal(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s ? s : "";
}

void finish_container(doc::Node& node, bool inline_ctx, std::uint32_t file,
                      const diag::SourceFiles& files, diag::Diagnostics& diags) {
  bool has_raw = false;
  for (const auto& c : node.children) has_raw |= c.type == doc::NodeType::RawHtml;
  if (has_raw) nest_raw_html(node.children, inline_ctx, diags);
  if (node.type == doc::NodeType::Heading) take_heading_id(node, file, files, diags);
}

}  // namespace

std::vector<doc::Node> parse_markdown(const std::string& markdown, std::uint32_t file,
                                      const std::vector<std::string>& ref_prefixes, const diag::SourceFiles& files,
                                      diag::Diagnostics& diags) {
  // No CMARK_OPT_VALIDATE_UTF8: normalise_text has already replaced every invalid sequence (and
  // reported it at its line and column), and cmark's second check was a third of its time.
  // cmark allocates from this thread's arena (cmark_arena.hpp), dropped whole once the tree has
  // been read: no node, buffer or parser is freed one by one. Not for a chapter of megabytes: an
  // arena reuses nothing cmark frees while it parses, and such a chapter's parse took 40% more
  // memory; it goes through the process's allocator, freed as cmark frees it.
  constexpr std::size_t kArenaChapter = std::size_t{1} << 18;  // a guide's chapters are a few kilobytes
  thread_local CmarkArena arena;
  const bool in_arena = markdown.size() <= kArenaChapter;
  cmark_parser* parser = cmark_parser_new_with_mem(CMARK_OPT_SMART, in_arena ? arena.mem() : cmark_get_default_mem_allocator());
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* const root = cmark_parser_finish(parser);
  if (!in_arena) cmark_parser_free(parser);
  struct DropTree {
    CmarkArena& arena;
    bool in_arena;
    cmark_node* root;
    ~DropTree() {
      if (in_arena) arena.reset();
      else cmark_node_free(root);
    }
  } drop_tree{arena, in_arena, root};
  doc::Node top;
  top.type = doc::NodeType::BlockQuote;  // stand-in container for the document's blocks
  top.children.reserve(child_count(root));
  std::vector<Frame> stack{{&top, false, false, 0, 0}};
  bool warned_depth = false;
  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> it(cmark_iter_new(root), &cmark_iter_free);

  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* cn = cmark_iter_get_node(it.get());
    const cmark_node_type t = cmark_node_get_type(cn);
    if (t == CMARK_NODE_DOCUMENT) continue;
    Frame& f = stack.back();
    if (ev == CMARK_EVENT_EXIT) {
      Frame done = stack.back();
      stack.pop_back();
      if (!done.flattened) finish_container(*done.node, done.inline_ctx, file, files, diags);
      continue;
    }
    doc::Node n;
    n.pos = {file, static_cast<std::uint32_t>(cmark_node_get_start_line(cn)),
             static_cast<std::uint32_t>(cmark_node_get_start_column(cn))};
    if (n.pos.line == 0) n.pos = f.node->pos;  // soft and hard breaks carry no position
    bool container = true;
    switch (t) {
      case CMARK_NODE_BLOCK_QUOTE: n.type = doc::NodeType::BlockQuote; break;
      case CMARK_NODE_LIST:
        n.type = doc::NodeType::List;
        n.ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
        n.start = cmark_node_get_list_start(cn);
        n.tight = cmark_node_get_list_tight(cn) != 0;
        break;
      case CMARK_NODE_ITEM: n.type = doc::NodeType::Item; break;
      case CMARK_NODE_PARAGRAPH: n.type = doc::NodeType::Paragraph; break;
      case CMARK_NODE_HEADING:
        n.type = doc::NodeType::Heading;
        n.level = cmark_node_get_heading_level(cn);
        break;
      case CMARK_NODE_EMPH: n.type = doc::NodeType::Emph; break;
      case CMARK_NODE_STRONG: n.type = doc::NodeType::Strong; break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        n.type = t == CMARK_NODE_LINK ? doc::NodeType::Link : doc::NodeType::Image;
        n.extra().url = cmark_node_get_url(cn) ? cmark_node_get_url(cn) : "";
        n.extra().title = cmark_node_get_title(cn) ? cmark_node_get_title(cn) : "";
        break;
      default:
        container = false;
        break;
    }
    if (!container) {
      switch (t) {
        case CMARK_NODE_CODE_BLOCK:
          n.type = doc::NodeType::CodeBlock;
          n.text = literal(cn);
          n.extra().info = cmark_node_get_fence_info(cn) ? cmark_node_get_fence_info(cn) : "";
          break;
        case CMARK_NODE_THEMATIC_BREAK: n.type = doc::NodeType::ThematicBreak; break;
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
          n.type = doc::NodeType::RawHtml;
          n.block = t == CMARK_NODE_HTML_BLOCK;
          n.text = literal(cn);
          break;
        case CMARK_NODE_CODE: n.type = doc::NodeType::Code; n.text = literal(cn); break;
        case CMARK_NODE_SOFTBREAK: n.type = doc::NodeType::SoftBreak; break;
        case CMARK_NODE_LINEBREAK: n.type = doc::NodeType::LineBreak; break;
        case CMARK_NODE_TEXT:
          n.type = doc::NodeType::Text;
          n.text = literal(cn);
          if (n.text.find('@') != std::string::npos) {
            append_text_with_refs(f.node->children, std::move(n), ref_prefixes, files);
            continue;
          }
          break;
        default:
          continue;  // custom blocks/inlines: cmark never makes them from Markdown
      }
      f.node->children.push_back(std::move(n));
      continue;
    }
    const bool inline_node = is_inline_container(t);
    const bool nested_inline = inline_node && t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING;
    const bool deep_block = (t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST) && f.block_depth >= kMaxBlockDepth;
    const bool deep_inline = nested_inline && f.inline_depth >= kMaxInlineDepth;
    if (deep_block || deep_inline) {
      if (!warned_depth) {
        diags.report(diag::Kind::NestingTooDeep, n.pos,
                     "nesting deeper than " + std::to_string(deep_block ? kMaxBlockDepth : kMaxInlineDepth) +
                         " levels is flattened; e-readers cannot display it");
        warned_depth = true;
      }
      // A flattened list takes its items with it, so their blocks land in a flow container.
      stack.push_back({f.node, true, f.inline_ctx, f.block_depth, f.inline_depth});
      continue;
    }
    if (t == CMARK_NODE_ITEM && stack.back().flattened) {
      stack.push_back({f.node, true, false, f.block_depth, f.inline_depth});
      continue;
    }
    // Sized once from cmark's own child count: growing by doubling moved every node of a long
    // book several times.
    n.children.reserve(child_count(cn));
    f.node->children.push_back(std::move(n));
    doc::Node* added = &f.node->children.back();
    stack.push_back({added, false, inline_node, f.block_depth + (inline_node ? 0 : 1),
                     f.inline_depth + (nested_inline ? 1 : 0)});
  }
  finish_container(top, false, file, files, diags);
  return std::move(top.children);
}

doc::Book parse_book(const load::Manuscript& manuscript, const diag::SourceFiles& files, diag::Diagnostics& diags) {
  doc::Book book;
  std::vector<std::string> prefixes;
  for (const auto& k : manuscript.kinds) prefixes.push_back(k.prefix);
  const auto& chapters = manuscript.chapters;
  book.chapters.resize(chapters.size());
  // Progress is reported by the calling thread only (the sink draws on the terminal).
  auto parse_range = [&](std::size_t from, std::size_t to, diag::Diagnostics& sink, bool report) {
    for (std::size_t i = from; i < to; ++i) {
      const auto& ch = chapters[i];
      doc::Chapter& out = book.chapters[i];
      out.file = ch.file;
      out.path = ch.path;
      out.type = ch.type;
      out.backmatter = ch.backmatter;
      out.blocks = parse_markdown(ch.markdown_text(files), ch.file, prefixes, files, sink);
      if (report) diag::report_progress(diag::Step::ChaptersParsed, i + 1, chapters.size());
    }
  };
  // Chapters are independent: a long book is parsed in two halves (by bytes) on two cores. Each
  // half reports into its own sink, appended in chapter order, so diagnostics come out exactly as
  // in a one-thread run.
  diag::Diagnostics second;
  util::split_in_two(
      chapters.size(), [&](std::size_t i) { return chapters[i].markdown_text(files).size(); }, 256u << 10,
      [&](std::size_t from, std::size_t to, bool on_worker) {
        parse_range(from, to, on_worker ? second : diags, !on_worker);
      });
  diag::report_progress(diag::Step::ChaptersParsed, chapters.size(), chapters.size());
  diags.append(second);
  return book;
}

}  // namespace bindery::parse
