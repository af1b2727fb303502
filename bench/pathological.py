#!/usr/bin/env python3
"""Measures Bindery on the pathological inputs of docs/robustness.md at three sizes each (a quarter,
a half and the full size), so growth can be read off: wall time and peak memory of one
`bindery build` (EPUB and PDF) per input, from /usr/bin/time. The tests in
tests/e2e/test_pathological.cpp build the full sizes with generous hang guards only.

Usage: python3 bench/pathological.py [path/to/bindery]   (default build/release/bindery)
"""
import os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/release/bindery")
CRISIS = open(os.path.join(ROOT, "manuscript/crisis-lines.yaml")).read()
HEAD = "title: T\nauthor: A\nlanguage: en\nidentifier: urn:uuid:6b1c2f0e-3a4d-4e8f-9c1a-2b3c4d5e6f76\n"


def paragraph(n):  # n bytes of distinct words
    words, size, i = [], 0, 0
    while size < n:
        w = "word%d " % i
        words.append(w)
        size += len(w)
        i += 1
    return {"b.md": "# Long\n\n" + "".join(words) + "\n"}


def refs(n):
    body = "".join("@scn-one\n\n" if i % 20 == 19 else "@scn-one " for i in range(n))
    return {"book.yaml": HEAD + "numbered:\n  - {prefix: scn, label: Scenario}\nchapters: [refs.md]\n",
            "crisis-lines.yaml": CRISIS, "refs.md": "# Scenarios {#scn-one}\n\n" + body + "\n"}


def crisis(n):
    lines = "".join('  - {region: R%d, name: Line %d, number: "%d", call: "tel:%d"}\n' % (i, i, 100000 + i, 100000 + i)
                    for i in range(n))
    return {"book.yaml": HEAD + "chapters: [a.md]\n", "a.md": "# A\n\nText.\n",
            "crisis-lines.yaml": "heading: Help\nintro: Call.\nemergency: Call 112.\nlines:\n" + lines}


CASES = [
    ("nested quotes", 5000, lambda n: {"b.md": "> " * n + "deepest words\n"}),
    ("nested lists", 2000, lambda n: {"b.md": "".join("  " * i + "- item%d\n" % i for i in range(n))}),
    ("paragraph (bytes)", 10_000_000, paragraph),
    ("word (characters)", 1000, lambda n: {"b.md": "# W\n\nBefore " + ("abcdefghij" * (n // 10)) + " after.\n"}),
    ("code line (bytes)", 1_000_000, lambda n: {"b.md": "# C\n\n```\n" + "x" * n + "\n```\n"}),
    ("cross-references", 100_000, refs),
    ("headings", 10_000, lambda n: {"b.md": "".join(("# H%d\n\nText.\n\n" if i == 0 else "## H%d\n\nText.\n\n") % i
                                                    for i in range(n))}),
    ("heading (characters)", 10_000, lambda n: {"b.md": "# " + ("Long%d " * (n // 6)) % tuple(range(n // 6)) + "\n\nT.\n"}),
    ("crisis lines", 50_000, crisis),
]


def measure(files):
    d = tempfile.mkdtemp(prefix="bindery-patho-")
    try:
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        target = d if "book.yaml" in files else os.path.join(d, "b.md")
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", EXE, "build", target, "-o", os.path.join(d, "out")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        secs, kib = r.stderr.strip().splitlines()[-1].split()
        return r.returncode, float(secs), int(kib) // 1024
    finally:
        shutil.rmtree(d)


for name, full, make in CASES:
    row = []
    for n in (full // 4, full // 2, full):
        code, secs, mib = measure(make(n))
        row.append("%s: exit %d, %.2f s, %d MiB" % (f"{n:,}", code, secs, mib))
    print("%-22s %s" % (name, " | ".join(row)), flush=True)
