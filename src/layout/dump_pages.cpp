// `--dump=pages`: the layout as stable text for golden tests (layout stage).
#include <cmath>
#include <cstdio>

#include "layout/page_set.hpp"

namespace bindery::layout {

std::string dump_pages(const PageSet& set) {
  static const char* faces[] = {"serif", "serif-bold", "serif-italic", "serif-bold-italic", "sans", "sans-bold", "sans-italic", "sans-bold-italic", "mono", "fallback"};
  std::string out;
  char buf[96];
  for (std::size_t p = 0; p < set.pages.size(); ++p) {
    out += "page " + std::to_string(p + 1) + "\n";
    for (const auto& it : set.pages[p].items) {
      std::snprintf(buf, sizeof buf, "  %.2f %.2f ", it.x, it.y);
      out += buf;
      if (it.kind == Placed::Kind::Text) {
        out += std::string(faces[static_cast<int>(it.face)]) + " \"" + it.text + "\"";
        if (!it.uri().empty()) out += " uri=" + it.uri();
        if (!it.dest().empty()) out += " dest=" + it.dest();
      } else {
        std::snprintf(buf, sizeof buf, "%s %.2fx%.2f", it.kind == Placed::Kind::Rule ? "rule" : "frame", it.width, it.height);
        out += buf;
      }
      out += '\n';
    }
  }
  for (const auto& a : set.anchors) out += "anchor " + a.id + " page " + std::to_string(a.page + 1) + "\n";
  return out;
}

}  // namespace bindery::layout
