// The `bindery new` template. Its text is here rather than in files beside the binary so a
// new guide needs nothing but the binary; the crisis lines are the embedded, checked defaults.
// tests/e2e/test_new_guide.cpp builds the result with --werror and epubcheck.
#include "cli/new_guide.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <utility>
#include <vector>

#include "load/manuscript.hpp"

namespace bindery::cli {
namespace fs = std::filesystem;
namespace {

std::string yaml_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/// File-name stem for the outputs: lower-case letters, digits and hyphens ("" when none).
std::string slug(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string random_uuid() {
  std::random_device rd;
  unsigned char b[16];
  for (auto& x : b) x = static_cast<unsigned char>(rd());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

std::string date_of(std::optional<long long> epoch) {
  const std::time_t t = epoch ? static_cast<std::time_t>(*epoch) : std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::vector<std::pair<std::string, std::string>> template_files(const NewGuideOptions& o, const std::string& stem) {
  const std::string today = date_of(o.source_date_epoch);
  std::string book =
      "# The guide's metadata and reading order. Every key is checked: a misspelt key is an error.\n"
      "# See docs/authoring.md (or `man bindery`) for every key.\n"
      "title: " + yaml_quoted(o.title) + "\n"
      "author: Your name\n"
      "publisher: Your organisation\n"
      "language: en-GB\n"
      "identifier: urn:uuid:" + random_uuid() + "\n"
      "description: >-\n"
      "  One or two sentences on who this guide is for and what it helps with.\n"
      "rights: © Your organisation. All rights reserved.\n"
      "date: " + today + "\n"
      "last-reviewed: " + today + "\n"
      "output-name: " + stem + "\n"
      "crisis-lines: crisis-lines.yaml\n"
      "# Headings whose id starts with a prefix are numbered: {#scn-...} is \"Scenario 1\", and so on.\n"
      "numbered:\n"
      "  - {prefix: scn, label: Scenario, leads-to: prc, back-links: \"Practices that help\"}\n"
      "  - {prefix: prc, label: Practice, back-links: \"Where this shows up\"}\n"
      "chapters:\n"
      "  - {file: 01-introduction.md, type: introduction}\n"
      "  - 02-when-it-happens.md\n"
      "  - 03-what-helps.md\n";
  std::string intro =
      "# Introduction {#ch-introduction}\n"
      "\n"
      "Say who this guide is for and how to read it. Replace this text with your own.\n"
      "\n"
      "Each scenario links to the practices that help with it, and each practice lists the scenarios\n"
      "where it shows up. Bindery numbers them and writes those lists for you: see @scn-first for an\n"
      "example, and [what helps](03-what-helps.md) for the practices.\n";
  std::string when =
      "# When it happens {#ch-when}\n"
      "\n"
      "Describe the situations your reader will recognise, one scenario per heading.\n"
      "\n"
      "## A first scenario {#scn-first see=\"prc-first\"}\n"
      "\n"
      "A situation in a few sentences. The `see` on this heading names the practice that helps;\n"
      "Bindery lists it under this scenario, and lists this scenario under the practice.\n";
  std::string helps =
      "# What helps {#ch-what-helps}\n"
      "\n"
      "## A first practice {#prc-first}\n"
      "\n"
      "What to do, step by step. It helps most in -@scn-first; a reference like that one becomes a\n"
      "link, and its number follows the scenario wherever you move it.\n";
  return {{"book.yaml", book},
          {"01-introduction.md", intro},
          {"02-when-it-happens.md", when},
          {"03-what-helps.md", helps},
          {"crisis-lines.yaml", std::string(load::default_crisis_lines())}};
}

}  // namespace

int new_guide(const NewGuideOptions& o) {
  std::error_code ec;
  const fs::path dir = o.dir;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec))) {
    std::cerr << "bindery: error: `" << o.dir << "` already exists and is not an empty folder; choose a new folder [UsageError]\n";
    return 2;
  }
  if (fs::create_directories(dir, ec); ec) {
    std::cerr << "bindery: error: cannot create `" << o.dir << "`: " << ec.message() << " [OutputFailed]\n";
    return 3;
  }
  fs::path full = fs::absolute(dir).lexically_normal();
  if (full.filename().empty()) full = full.parent_path();  // `DIR/`
  std::string stem = slug(full.filename().string());
  if (stem.empty()) stem = slug(o.title);  // a folder named only with punctuation
  if (stem.empty()) stem = "guide";
  for (const auto& [name, text] : template_files(o, stem)) {
    std::ofstream out(dir / name, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::cerr << "bindery: error: cannot write `" << (dir / name).generic_string() << "` [OutputFailed]\n";
      return 3;
    }
  }
  if (!o.quiet)
    std::cerr << "bindery: created a new guide in " << dir.generic_string() << "; build it with `bindery build "
              << dir.generic_string() << "`\n";
  return 0;
}

}  // namespace bindery::cli
