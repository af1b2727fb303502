#!/usr/bin/env python3
# The benchmark harness behind bench/run: times Bindery (and pandoc) on the guide and generated books.
"""Measures, for the guide and each generated size: wall time (median of several runs), MB of
Markdown per second, CPU time and peak resident memory of `bindery build --format epub`, `--format
pdf` and `bindery check` separately (and of the default EPUB+PDF build for the guide); the growth
from 1 MB to 10 MB; pandoc's time for the same EPUB when pandoc is installed; single-threaded
against default when the binary has --jobs (with a byte comparison). It validates the outputs
(epubcheck on the guide's and the 1 MB EPUB, qpdf --check on every PDF), checks that every run of a
mode wrote the same bytes, and prints a Markdown report with each target marked met or not.

Run it through `bash bench/run`, which installs the tools and builds the binary first.
MB means 10^6 bytes throughout, for input, throughput and memory alike.
"""
import argparse
import datetime
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GUIDE = os.path.join(REPO, "manuscript")
SOURCE_DATE_EPOCH = "1779753600"  # 2026-05-26, the guide's date: same bytes on every run

# The targets of issue #5, checked against the measurements at the end.
GUIDE_BOTH_MAX_S = 0.050
GUIDE_CHECK_MAX_S = 0.020
MIN_MBPS_10 = {"epub": 20.0, "pdf": 5.0, "check": 50.0}
MAX_GROWTH_1_TO_10 = 11.0


def parse_args():
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="guide,1,10,50",
                    help="comma-separated: `guide` and/or sizes in MB of generated Markdown (default guide,1,10,50)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement, median reported (default 5; "
                    "sizes of 50 MB and more always run once)")
    ap.add_argument("--pandoc-runs", type=int, default=3, help="timed pandoc runs per size (default 3)")
    ap.add_argument("--pandoc-max-mb", type=float, default=10,
                    help="run pandoc only up to this size (default 10: pandoc needs minutes and GBs beyond)")
    ap.add_argument("--no-pandoc", action="store_true", help="skip the pandoc comparison")
    ap.add_argument("--no-validate", action="store_true", help="skip epubcheck and qpdf --check")
    ap.add_argument("--no-install", action="store_true", help="(bench/run) do not apt-get install missing tools")
    ap.add_argument("--binary", default=os.path.join(REPO, "build", "release", "bindery"))
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="scratch folder (default bench/work, gitignored)")
    ap.add_argument("--render", metavar="JSON", help="print the report of a saved run (bench/work/results/*.json) and exit")
    return ap.parse_args()


def load_generator():
    """bench/generate as a module, so the chapter order is read by the same code that wrote it."""
    path = os.path.join(HERE, "generate")
    loader = importlib.machinery.SourceFileLoader("bench_generate", path)
    spec = importlib.util.spec_from_loader("bench_generate", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = "%.1f GB" % (int(line.split()[1]) * 1024 / 1e9)
    osname = "?"
    if os.path.exists("/etc/os-release"):
        m = re.search(r'^PRETTY_NAME="?([^"\n]*)', open("/etc/os-release").read(), re.M)
        osname = m.group(1) if m else "?"
    gxx = sh(["g++", "--version"]).stdout.splitlines()[:1] if shutil.which("g++") else ["?"]
    return {"cpus": os.cpu_count(), "cpu": cpu, "ram": mem, "os": osname, "kernel": platform.release(),
            "compiler": gxx[0] if gxx else "?"}


def loadavg():
    return open("/proc/loadavg").read().split()[:3]


class Input:
    def __init__(self, label, path, md_bytes, chapters, mb_target):
        self.label, self.path, self.md_bytes, self.chapters, self.mb_target = label, path, md_bytes, chapters, mb_target

    @property
    def mb(self):
        return self.md_bytes / 1e6


def prepare_input(size, gen, work):
    """The guide itself, or a generated manuscript (regenerated only when the generator or guide changed)."""
    if size == "guide":
        chapters = gen.read_guide(GUIDE)
        return Input("guide", GUIDE, sum(len(t.encode()) for _, _, t in chapters), len(chapters), None)
    mb = float(size)
    name = ("%gmb" % mb).replace(".", "p")
    path = os.path.join(work, "in-" + name)
    h = hashlib.sha256()
    for p in [os.path.join(HERE, "generate")] + sorted(os.path.join(GUIDE, f) for f in os.listdir(GUIDE)):
        h.update(open(p, "rb").read())
    h.update(str(mb).encode())
    stamp = path + ".stamp"
    if not (os.path.exists(stamp) and open(stamp).read() == h.hexdigest() and os.path.isdir(path)):
        print("bench: generating %g MB manuscript in %s" % (mb, path), file=sys.stderr)
        r = subprocess.run([sys.executable, os.path.join(HERE, "generate"), path, str(mb)])
        if r.returncode != 0:
            sys.exit("bench: bench/generate failed")
        with open(stamp, "w") as f:
            f.write(h.hexdigest())
    chapters = gen.read_guide(path)
    return Input("%g MB" % mb, path, sum(len(t.encode()) for _, _, t in chapters), len(chapters), mb)


def run_once(cmd, env, err_path):
    """One run: wall time, CPU time and peak RSS (from the child's rusage, like /usr/bin/time %M)."""
    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss * 1024 / 1e6,
            "code": p.returncode}


def digest(paths):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            while True:
                b = f.read(1 << 22)
                if not b:
                    break
                h.update(b)
    return h.hexdigest()


def outputs_in(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d)) if os.path.isdir(d) else []


def measure(cmd, runs, warmup, env, out_dir, err_path):
    """Median of `runs` runs (after `warmup` untimed ones); every run's outputs must be the same bytes."""
    results, hashes = [], set()
    for i in range(warmup + runs):
        if out_dir:
            shutil.rmtree(out_dir, ignore_errors=True)
        r = run_once(cmd, env, err_path)
        if r["code"] != 0:
            return {"failed": r["code"], "stderr": open(err_path, errors="replace").read()[-2000:]}
        if out_dir:
            hashes.add(digest(outputs_in(out_dir)))
        if i >= warmup:
            results.append(r)
    walls = [r["wall"] for r in results]
    diag = open(err_path, errors="replace").read()
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls), "runs": len(walls),
            "cpu": statistics.median(r["cpu"] for r in results), "rss_mb": max(r["rss_mb"] for r in results),
            "identical": len(hashes) <= 1, "warnings": len(re.findall(r": warning: ", diag)),
            "errors": len(re.findall(r": error: ", diag))}


def epubcheck_problems(epub):
    """epubcheck's messages except its false positive HTM-025 on `sms:` links (as tests/support does)."""
    r = sh(["java", "-Xss64m", "-jar", "/usr/share/java/epubcheck.jar", epub])
    files = {}
    with zipfile.ZipFile(epub) as z:
        for n in z.namelist():
            if n.endswith((".xhtml", ".opf", ".ncx")):
                files[n] = z.read(n).decode("utf-8", "replace").split("\n")
    problems = []
    for line in (r.stdout + "\n" + r.stderr).splitlines():
        if not re.match(r"^(ERROR|FATAL|WARNING|USAGE)", line):
            continue
        m = re.match(r"^WARNING\(HTM-025\): .*\.epub/(.+)\((\d+),(\d+)\)", line)
        if m:
            lines = files.get(m.group(1), [])
            row, col = int(m.group(2)), int(m.group(3))
            text = lines[row - 1] if 0 < row <= len(lines) else ""
            at = text.rfind('href="', 0, col)
            if at >= 0 and text.startswith("sms:", at + 6):
                continue
        problems.append(line)
    finished = "Check finished" in r.stdout + r.stderr or "No errors or warnings" in r.stdout + r.stderr
    if r.returncode != 0 and not problems:
        problems.append("epubcheck exited with %d" % r.returncode)
    if not finished and not problems:
        problems.append("epubcheck did not finish")
    return problems


def qpdf_problems(pdf):
    r = sh(["qpdf", "--check", pdf])
    if r.returncode != 0 or "No syntax or stream encoding errors found" not in r.stdout or "WARNING" in r.stdout \
            or r.stderr.strip():
        return [(r.stdout + r.stderr).strip()[-1000:]]
    return []


def pdf_pages(pdf):
    r = sh(["qpdf", "--show-npages", pdf]) if shutil.which("qpdf") else None
    return int(r.stdout.strip()) if r and r.returncode == 0 and r.stdout.strip().isdigit() else None


def concat_for_pandoc(inp, gen, work):
    """The manuscript as one Markdown file in reading order, which is how pandoc takes a book."""
    name = "guide" if inp.mb_target is None else ("%gmb" % inp.mb_target).replace(".", "p")
    path = os.path.join(work, "pandoc-in-%s.md" % name)
    with open(path, "w", encoding="utf-8") as f:
        for _, _, text in gen.read_guide(inp.path):
            f.write(text.rstrip("\n") + "\n\n")
    return path


def fmt_s(x):
    return "%.3f" % x if x < 10 else "%.1f" % x


def main():
    a = parse_args()
    if a.render:
        d = json.load(open(a.render))
        print(render(d["info"], d["rows"], d["validation"], d.get("notes", []), None))
        return
    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        sys.exit("bench: no binary at %s (bash bench/run builds it)" % binary)
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    gen = load_generator()
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_COLOR="1")
    sizes = [s.strip() for s in a.sizes.split(",") if s.strip()]
    build_help = sh([binary, "build", "--help"]).stdout
    has_jobs = "--jobs" in build_help
    pandoc = None if a.no_pandoc else shutil.which("pandoc")
    pandoc_version = sh([pandoc, "--version"]).stdout.splitlines()[0] if pandoc else None
    validate = not a.no_validate
    have_epubcheck = shutil.which("java") and os.path.exists("/usr/share/java/epubcheck.jar")
    have_qpdf = shutil.which("qpdf")

    info = {"machine": machine(), "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": sh(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]).stdout.strip(),
            "dirty": bool(sh(["git", "-C", REPO, "status", "--porcelain", "--", "src"]).stdout.strip()),
            "version": sh([binary, "--version"]).stdout.strip(), "pandoc": pandoc_version,
            "load_start": loadavg(), "runs": a.runs, "has_jobs": has_jobs}
    rows, validation, notes = [], [], []

    for size in sizes:
        inp = prepare_input(size, gen, work)
        big = inp.mb >= 40
        runs = 1 if big else a.runs
        warmup = 0 if inp.mb >= 5 else 1
        if big and a.runs != 1:
            notes.append("%s: one run only (the 50 MB size is run once: 2 shared cores)" % inp.label)
        modes = (["both"] if size == "guide" else []) + ["epub", "pdf", "check"]
        tag = inp.label.replace(" ", "").lower()
        print("bench: %s (%.3f MB of Markdown, %d chapters)" % (inp.label, inp.mb, inp.chapters), file=sys.stderr)
        for mode in modes:
            out = os.path.join(work, "out-%s-%s" % (tag, mode))
            err = os.path.join(work, "stderr-%s-%s.txt" % (tag, mode))
            if mode == "check":
                cmd, out = [binary, "check", inp.path], None
            else:
                cmd = [binary, "build", inp.path, "-o", out] + ([] if mode == "both" else ["--format", mode])
            print("bench:   %s x%d ..." % (mode, runs), file=sys.stderr, flush=True)
            m = measure(cmd, runs, warmup, env, out, err)
            row = {"input": inp.label, "mb": inp.mb, "chapters": inp.chapters, "mode": mode, **m}
            if out and "failed" not in m:
                files = outputs_in(out)
                row["out_bytes"] = sum(os.path.getsize(f) for f in files)
                pdfs = [f for f in files if f.endswith(".pdf")]
                if pdfs:
                    row["pages"] = pdf_pages(pdfs[0])
                if has_jobs and mode in ("epub", "pdf"):
                    out1 = out + "-jobs1"
                    m1 = measure(cmd[:cmd.index("-o")] + ["-o", out1, "--jobs", "1"] + cmd[cmd.index("-o") + 2:],
                                 runs, warmup, env, out1, err + ".jobs1")
                    row["jobs1"] = m1
                    row["jobs1_same_bytes"] = ("failed" not in m1 and
                                               digest(outputs_in(out)) == digest(outputs_in(out1)))
                if validate and mode in ("epub", "pdf"):
                    for f in files:
                        if f.endswith(".epub") and (size == "guide" or inp.mb_target == 1):
                            if have_epubcheck:
                                print("bench:   epubcheck %s" % f, file=sys.stderr, flush=True)
                                validation.append({"file": os.path.relpath(f, REPO), "tool": "epubcheck",
                                                   "problems": epubcheck_problems(f)})
                            else:
                                notes.append("epubcheck not installed: %s not validated" % f)
                        if f.endswith(".pdf"):
                            if have_qpdf:
                                validation.append({"file": os.path.relpath(f, REPO), "tool": "qpdf --check",
                                                   "problems": qpdf_problems(f)})
                            else:
                                notes.append("qpdf not installed: %s not validated" % f)
            if mode == "epub" and pandoc and (inp.mb_target or 0) <= a.pandoc_max_mb:
                src = concat_for_pandoc(inp, gen, work)
                pout = os.path.join(work, "out-%s-pandoc" % tag)
                os.makedirs(pout, exist_ok=True)
                pcmd = [pandoc, "-f", "commonmark_x", "-t", "epub3", "--metadata", "title=Bindery benchmark",
                        "-o", os.path.join(pout, "pandoc.epub"), src]
                pr = min(a.pandoc_runs, runs)
                print("bench:   pandoc epub x%d ..." % pr, file=sys.stderr, flush=True)
                # pandoc writes its EPUB's date from the clock; identical bytes are not expected of it.
                pm = measure(pcmd, pr, 0, env, None, err + ".pandoc")
                row["pandoc"] = pm
            rows.append(row)
            # Keep what is measured so far: a long run interrupted still leaves its numbers.
            os.makedirs(os.path.join(work, "results"), exist_ok=True)
            with open(os.path.join(work, "results", "partial.json"), "w") as f:
                json.dump({"info": info, "rows": rows, "validation": validation}, f, indent=1)

    info["load_end"] = loadavg()
    report = render(info, rows, validation, notes, sizes)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    with open(os.path.join(work, "results", stamp + ".md"), "w") as f:
        f.write(report)
    with open(os.path.join(work, "results", stamp + ".json"), "w") as f:
        json.dump({"info": info, "rows": rows, "validation": validation, "notes": notes}, f, indent=1)
    print(report)
    print("bench: saved bench/work/results/%s.md and .json" % stamp, file=sys.stderr)


def render(info, rows, validation, notes, sizes):
    mc = info["machine"]
    L = []
    L.append("### Run of %s" % info["date"])
    L.append("")
    L.append("- Machine: %s CPUs (%s), %s RAM, %s, kernel %s; %s" % (mc["cpus"], mc["cpu"], mc["ram"], mc["os"],
                                                                   mc["kernel"], mc["compiler"]))
    L.append("- Bindery: %s at %s%s (build/release, RelWithDebInfo -O2)" % (
        info["version"], info["commit"], " with uncommitted changes in src/" if info["dirty"] else ""))
    L.append("- pandoc: %s" % (info["pandoc"] or "not installed (no comparison)"))
    L.append("- Load average (1, 5, 15 min) at start %s, at end %s; the 2 cores may be shared with other work."
             % (" ".join(info["load_start"]), " ".join(info["load_end"])))
    L.append("- When the load average is above 2, other processes share the cores and wall times stretch; "
             "CPU s (user+system of Bindery alone) is then the steadier figure.")
    L.append("- Median of %d timed runs after one untimed warm-up (no warm-up from 5 MB; one run at 50 MB); "
             "MB = 10^6 bytes of Markdown; peak RSS is the largest of the runs." % info["runs"])
    L.append("")
    L.append("| input | Markdown MB | output | median wall s (min–max) | MB/s | CPU s | peak RSS MB | written | pandoc EPUB s | pandoc ÷ Bindery |")
    L.append("|---|---:|---|---:|---:|---:|---:|---|---:|---:|")
    names = {"both": "EPUB+PDF", "epub": "EPUB", "pdf": "PDF", "check": "check"}
    for r in rows:
        if "failed" in r:
            L.append("| %s | %.3f | %s | FAILED (exit %d) | | | | | | |" % (r["input"], r["mb"], names[r["mode"]], r["failed"]))
            continue
        out = ""
        if "out_bytes" in r:
            out = "%.2f MB" % (r["out_bytes"] / 1e6)
            if r.get("pages"):
                out += ", %d pp." % r["pages"]
        pd, ratio = "", ""
        if "pandoc" in r:
            p = r["pandoc"]
            if "failed" in p:
                pd = "failed (exit %d)" % p["failed"]
            else:
                pd = "%s (%.0f MB RSS)" % (fmt_s(p["median"]), p["rss_mb"])
                ratio = "%.1f×" % (p["median"] / r["median"])
        L.append("| %s | %.3f | %s | %s (%s–%s) | %.2f | %s | %.0f | %s | %s | %s |" % (
            r["input"], r["mb"], names[r["mode"]], fmt_s(r["median"]), fmt_s(r["min"]), fmt_s(r["max"]),
            r["mb"] / r["median"], fmt_s(r["cpu"]), r["rss_mb"], out, pd, ratio))
    L.append("")

    def find(label, mode):
        for r in rows:
            if r["input"] == label and r["mode"] == mode and "failed" not in r:
                return r
        return None

    # Linearity: 10 MB time over 1 MB time, with the exact input ratio beside it.
    one, ten = find("1 MB", "epub"), find("10 MB", "epub")
    targets = []
    if one and ten:
        L.append("Growth from 1 MB to 10 MB (input ratio %.2f×):" % (ten["mb"] / one["mb"]))
        L.append("")
        for mode in ("epub", "pdf", "check"):
            a, b = find("1 MB", mode), find("10 MB", mode)
            if a and b:
                g = b["median"] / a["median"]
                L.append("- %s: %.1f× wall, %.1f× CPU" % (names[mode], g, b["cpu"] / a["cpu"]))
                targets.append(("1 MB → 10 MB time, %s ≤ %g×" % (names[mode], MAX_GROWTH_1_TO_10), "%.1f×" % g,
                                g <= MAX_GROWTH_1_TO_10))
        L.append("")

    both, chk = find("guide", "both"), find("guide", "check")
    if both:
        targets.insert(0, ("guide: EPUB+PDF < %d ms" % (GUIDE_BOTH_MAX_S * 1000), "%.0f ms" % (both["median"] * 1000),
                           both["median"] < GUIDE_BOTH_MAX_S))
    if chk:
        targets.insert(1 if both else 0, ("guide: check < %d ms" % (GUIDE_CHECK_MAX_S * 1000),
                                          "%.0f ms" % (chk["median"] * 1000), chk["median"] < GUIDE_CHECK_MAX_S))
    for mode, floor in MIN_MBPS_10.items():
        r = find("10 MB", mode)
        if r:
            v = r["mb"] / r["median"]
            targets.append(("10 MB: %s ≥ %g MB/s" % (names[mode], floor), "%.2f MB/s" % v, v >= floor))
    for r in rows:
        if "failed" in r or r["input"] == "guide":
            continue
        limit = 10 * r["mb"] + 50
        targets.append(("%s %s: peak RSS < 10 × input + 50 MB (%.0f MB)" % (r["input"], names[r["mode"]], limit),
                        "%.0f MB" % r["rss_mb"], r["rss_mb"] < limit))
    if info["has_jobs"]:
        for r in rows:
            if "jobs1" in r and "failed" not in r["jobs1"]:
                sp = r["jobs1"]["median"] / r["median"]
                # "Both cores where it pays": the guide is too small to ask for a speed-up, only equal bytes.
                small = r["input"] == "guide"
                targets.append(("%s %s: %sbytes identical to --jobs 1" % (
                                    r["input"], names[r["mode"]], "" if small else "faster with both cores, "),
                                "%.2f× faster, bytes %s" % (sp, "identical" if r["jobs1_same_bytes"] else "DIFFER"),
                                r["jobs1_same_bytes"] and (small or sp > 1.05)))
    else:
        targets.append(("both cores used, bytes identical to single-threaded", "`bindery build` has no --jobs yet", None))
    if any(not r.get("identical", True) for r in rows if "failed" not in r):
        targets.append(("every run wrote the same bytes", "NO", False))
    else:
        targets.append(("every run of a mode wrote the same bytes", "yes", True))
    for v in validation:
        targets.append(("%s clean: %s" % (v["tool"], v["file"]), "clean" if not v["problems"] else
                        "%d problem(s)" % len(v["problems"]), not v["problems"]))
    diag_rows = [r for r in rows if "failed" not in r and (r["warnings"] or r["errors"])]
    L.append("Targets (issue #5):")
    L.append("")
    L.append("| target | measured | met |")
    L.append("|---|---|---|")
    for name, value, ok in targets:
        L.append("| %s | %s | %s |" % (name, value, "not measured" if ok is None else "yes" if ok else "**no**"))
    L.append("")
    if diag_rows:
        L.append("Diagnostics: " + "; ".join("%s %s: %d warnings, %d errors" % (r["input"], names[r["mode"]], r["warnings"], r["errors"])
                                            for r in diag_rows))
    else:
        L.append("Diagnostics: none (every input builds with no warning and no error).")
    for v in validation:
        for p in v["problems"][:5]:
            L.append("- %s: %s" % (v["file"], p))
    for n in notes:
        L.append("- " + n)
    L.append("")
    return "\n".join(L)


if __name__ == "__main__":
    main()
