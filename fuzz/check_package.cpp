// Structural checks of an EPUB package, stricter than "it opened": run on every package a fuzz
// target makes, so a malformed book is caught even where epubcheck (too slow per input) is not run.
#include <map>
#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "targets.hpp"

namespace bindery::fuzz {
namespace {

bool ends_with(const std::string& s, const char* suffix) {
  const std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

// A zip entry name that extracts safely everywhere: relative, '/'-separated, no `..`, no empty or
// dot segments, printable ASCII only.
std::string name_problem(const std::string& name) {
  if (name.empty()) return "empty entry name";
  if (name.front() == '/') return "absolute entry name";
  for (unsigned char c : name)
    if (c < 0x21 || c > 0x7e || c == '\\' || c == ':') return "unsafe character in entry name";
  std::stringstream ss(name);
  std::string seg;
  while (std::getline(ss, seg, '/'))
    if (seg.empty() || seg == "." || seg == "..") return "empty, `.` or `..` segment in entry name";
  if (name.back() == '/') return "entry name ends with /";
  return "";
}

// Well-formed UTF-8 without the control characters XML 1.0 forbids (pugixml accepts both).
std::string text_problem(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "control character " + std::to_string(c) + " at byte " + std::to_string(i);
      ++i;
      continue;
    }
    int n = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
    if (c >= 0xF5) n = -1;
    if (n < 0 || i + static_cast<std::size_t>(n) >= s.size())
      return "invalid UTF-8 at byte " + std::to_string(i);
    char32_t cp = c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return "invalid UTF-8 at byte " + std::to_string(i);
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp == 0xFFFE || cp == 0xFFFF)
      return "invalid or non-XML code point at byte " + std::to_string(i);
    i += n + 1;
  }
  return "";
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// `dir/` + relative href, with `..` segments applied; "" when it climbs out of the package.
std::string join(const std::string& base_file, const std::string& rel) {
  std::vector<std::string> parts;
  std::stringstream b(base_file);
  std::string seg;
  while (std::getline(b, seg, '/')) parts.push_back(seg);
  if (!parts.empty()) parts.pop_back();
  std::stringstream r(rel);
  while (std::getline(r, seg, '/')) {
    if (seg == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string scheme_of(const std::string& href) {
  const auto colon = href.find(':');
  if (colon == std::string::npos || href.find_first_of("/?#") < colon) return "";
  std::string s = href.substr(0, colon);
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

std::string check_package(const std::vector<PackageFile>& files) {
  std::ostringstream problems;
  if (files.empty() || files[0].name != "mimetype" || files[0].bytes != "application/epub+zip")
    problems << "mimetype is not the first entry with `application/epub+zip`\n";
  std::map<std::string, const std::string*> by_name;
  for (const auto& f : files) {
    if (auto p = name_problem(f.name); !p.empty()) problems << f.name << ": " << p << '\n';
    if (!by_name.emplace(f.name, &f.bytes).second) problems << f.name << ": duplicate entry\n";
  }
  std::map<std::string, pugi::xml_document> xml;
  std::map<std::string, std::set<std::string>> ids;
  for (const auto& f : files) {
    if (!ends_with(f.name, ".xhtml") && !ends_with(f.name, ".opf") && !ends_with(f.name, ".ncx") &&
        !ends_with(f.name, ".xml"))
      continue;
    if (auto p = text_problem(f.bytes); !p.empty()) problems << f.name << ": " << p << '\n';
    auto& doc = xml[f.name];
    const auto res = doc.load_buffer(f.bytes.data(), f.bytes.size(), pugi::parse_default | pugi::parse_doctype);
    if (!res) {
      problems << f.name << ": not well-formed XML: " << res.description() << " at byte " << res.offset << '\n';
      continue;
    }
    for (const auto& n : doc.select_nodes("//*[@id]")) {
      const std::string id = n.node().attribute("id").value();
      if (!ids[f.name].insert(id).second) problems << f.name << ": duplicate id `" << id << "`\n";
    }
  }
  if (!problems.str().empty()) return problems.str();

  const std::string opf = xml["META-INF/container.xml"].select_node("//*[local-name()='rootfile']").node().attribute("full-path").value();
  if (!by_name.count(opf)) return "container.xml names `" + opf + "`, which is not in the package\n";
  const auto& pkg = xml[opf];
  std::set<std::string> manifest_ids, manifested;
  for (const auto& n : pkg.select_nodes("//*[local-name()='manifest']/*[local-name()='item']")) {
    const std::string id = n.node().attribute("id").value();
    const std::string href = join(opf, percent_decode(n.node().attribute("href").value()));
    manifest_ids.insert(id);
    manifested.insert(href);
    if (!by_name.count(href)) problems << opf << ": manifest item `" << id << "` names missing file `" << href << "`\n";
  }
  for (const auto& f : files)
    if (f.name != "mimetype" && f.name.rfind("META-INF/", 0) != 0 && f.name != opf && !manifested.count(f.name))
      problems << f.name << ": not in the manifest\n";
  for (const auto& n : pkg.select_nodes("//*[local-name()='spine']/*[local-name()='itemref']"))
    if (!manifest_ids.count(n.node().attribute("idref").value()))
      problems << opf << ": spine item `" << n.node().attribute("idref").value() << "` not in the manifest\n";

  static const std::set<std::string> safe_schemes = {"http", "https", "ftp", "mailto", "tel", "sms"};
  for (const auto& [name, doc] : xml) {
    if (!ends_with(name, ".xhtml")) continue;
    auto check_ref = [&, name = name](const std::string& raw, bool link) {
      const std::string scheme = scheme_of(raw);
      if (!scheme.empty()) {
        if (!link || !safe_schemes.count(scheme)) problems << name << ": unsafe reference `" << raw << "`\n";
        return;
      }
      const auto hash = raw.find('#');
      const std::string path = percent_decode(raw.substr(0, hash));
      const std::string target = path.empty() ? name : join(name, path);
      if (target.empty() || !by_name.count(target)) {
        problems << name << ": `" << raw << "` points at a missing file\n";
        return;
      }
      if (hash != std::string::npos && ends_with(target, ".xhtml") && !ids[target].count(percent_decode(raw.substr(hash + 1))))
        problems << name << ": `" << raw << "` points at a missing id\n";
    };
    for (const auto& n : doc.select_nodes("//*[local-name()='a'][@href]")) check_ref(n.node().attribute("href").value(), true);
    for (const auto& n : doc.select_nodes("//*[local-name()='img'][@src]")) check_ref(n.node().attribute("src").value(), false);
    for (const auto& n : doc.select_nodes("//*[local-name()='link'][@href]")) check_ref(n.node().attribute("href").value(), false);
  }
  return problems.str();
}

}  // namespace bindery::fuzz
