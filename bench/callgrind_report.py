#!/usr/bin/env python3
# Turns a callgrind output file into a short text report for bench/profile.
"""Usage: callgrind_report.py CALLGRIND_OUT VALGRIND_LOG [HEADER_LINE ...]

Prints the top 25 functions by inclusive and by self cost, Bindery's own functions by inclusive
cost, and the callers of the hot spots (callgrind_annotate --tree=caller, 8 callers each), with
repository paths made relative so the report reads the same from any checkout."""
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/"
# Calls every profile passes through: left out of the inclusive list since they are always ~100%.
WRAPPERS = re.compile(r"ld-linux|\(below main\)|__libc_start_main|cli/main\.cpp:main |cli::run\(")
# Functions whose callers are worth seeing whenever they show up (library hot spots of past profiles).
ALWAYS = ["calloc [", "PdfPainter::DrawText(double, double, PoDoFo::PdfString const&, long)",
          "PdfFont::WriteStringToStream", "_M_insert<double>", "vsnprintf [", "deflate [", "FT_Get_Char_Index",
          "GetGlyphId", "Hyphenator::points", "cover_glyphs", "Impl::has_glyph", "Impl::width",
          "malloc.c:malloc [", "zip_close", "cmark_parse_document", "is_xml_char", "normalise_text",
          "add_back_links"]


def annotate(out, *opts):
    # Run away from the source tree: found next to the working folder, sources get listed twice.
    t = subprocess.run(["callgrind_annotate", "--auto=no", *opts, os.path.abspath(out)], capture_output=True,
                       text=True, check=True, cwd="/").stdout
    return t.replace(REPO, "")


def table(text):
    body = text.split("file:function\n", 1)[1].split("\n", 1)[1]
    rows = []
    for line in body.splitlines():
        if not line.strip():
            break
        rows.append(line)
    return rows


def main():
    out, log, header = sys.argv[1], sys.argv[2], sys.argv[3:]
    inclusive = [l for l in table(annotate(out, "--inclusive=yes")) if not WRAPPERS.search(l)]
    self_cost = table(annotate(out))
    own = [l for l in inclusive if re.search(r"  (src/|/usr/include/c\+\+/\S+:bindery::)", l)]
    blocks = annotate(out, "--inclusive=yes", "--tree=caller").split("\n\n")

    def callers(name):
        for b in blocks:
            lines = b.splitlines()
            for i, l in enumerate(lines):
                if "*  " in l and name in l:
                    cl = [x for x in lines[:i] if "<" in x]
                    extra = ["      (%d smaller callers left out)" % (len(cl) - 8)] if len(cl) > 8 else []
                    return "\n".join(cl[:8] + extra + [l])
        return ""

    m = re.search(r"I\s+refs:\s+([\d,]+)", open(log).read())
    for h in header:
        print("# " + h)
    print("# total instructions (Ir): %s; percentages are of that total. Repository paths are relative."
          % (m.group(1) if m else "?"))
    print("# Regenerate: callgrind_annotate [--inclusive=yes] [--tree=caller] " + os.path.basename(out))
    print("\n## Top 25 by INCLUSIVE cost (the function and everything it calls; main/run wrappers left out)")
    print("\n".join(inclusive[:25]))
    print("\n## Top 25 by SELF cost (instructions in the function's own code)")
    print("\n".join(self_cost[:25]))
    print("\n## Bindery's own functions (src/, and inlined std code attributed to them) by inclusive cost, top 25")
    print("\n".join(own[:25]))
    print("\n## Who calls the hot spots (caller tree: '<' lines are callers with call counts, '*' the function)")
    names = []
    for l in self_cost[:10] + inclusive[:12]:
        mm = re.search(r"\)\s+(\S.*?) \[", l)
        if mm:
            names.append(mm.group(1))
    seen = set()
    for name in names + ALWAYS:
        c = callers(name)
        if c and c not in seen:
            seen.add(c)
            print(c + "\n")


if __name__ == "__main__":
    main()
