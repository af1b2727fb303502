// Finding `@prefix-id` references inside text nodes (parse stage).
#include "parse/scan_refs.hpp"

#include <cctype>

namespace bindery::parse {
namespace {

bool id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

}  // namespace

void append_text_with_refs(std::vector<doc::Node>& out, doc::Node text, const std::vector<std::string>& prefixes,
                           const diag::SourceFiles& files) {
  const std::string& s = text.text;
  std::string_view line = files.line(text.pos.file, text.pos.line);
  std::size_t done = 0;  // bytes of `s` already emitted
  std::size_t search_from = text.pos.col > 0 ? text.pos.col - 1 : 0;
  for (std::size_t at = s.find('@'); at != std::string::npos; at = s.find('@', at + 1)) {
    // An `@` inside a word (an e-mail address) is not a reference.
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(s[at - 1])) || s[at - 1] == '_')) continue;
    std::size_t end = at + 1;
    while (end < s.size() && id_char(s[end])) ++end;
    while (end > at + 1 && (s[end - 1] == '-' || s[end - 1] == '_')) --end;  // "see @scn-x-" keeps the dash
    std::string id = s.substr(at + 1, end - at - 1);
    // A reference looks like an id with a prefix: `@scn-repair`. Whether it names anything is
    // the resolve stage's question (it turns unknown, undeclared ones back into text).
    const std::size_t dash = id.find('-');
    const bool id_like = !id.empty() && id[0] >= 'a' && id[0] <= 'z' && dash != std::string::npos && dash + 1 < id.size();
    bool declared = false;
    for (const auto& p : prefixes) declared |= id.compare(0, dash, p) == 0;
    if (!id_like || (!declared && id.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)) continue;
    const bool short_form = at > 0 && s[at - 1] == '-' && (at < 2 || !std::isalnum(static_cast<unsigned char>(s[at - 2])));
    const std::size_t ref_start = short_form ? at - 1 : at;
    if (ref_start > done) {
      doc::Node before;  // not a copy of `text`: that would copy the whole paragraph each time
      before.type = doc::NodeType::Text;
      before.pos = text.pos;
      before.text = s.substr(done, ref_start - done);
      out.push_back(std::move(before));
    }
    doc::Node ref;
    ref.type = doc::NodeType::Ref;
    ref.text = id;
    ref.short_form = short_form;
    ref.pos = text.pos;
    // Smart punctuation and escapes make text offsets differ from source columns: find the
    // reference in the source line itself.
    const std::size_t src = line.find((short_form ? "-@" : "@") + id, search_from);
    if (src != std::string_view::npos) {
      ref.pos.col = static_cast<std::uint32_t>(src + 1);
      search_from = src + id.size() + 1;
    }
    out.push_back(std::move(ref));
    done = end;
  }
  if (done == 0) {
    out.push_back(std::move(text));
  } else if (done < s.size()) {
    text.text = s.substr(done);
    out.push_back(std::move(text));
  }
}

}  // namespace bindery::parse
