"""Benchmark: the printed edition against WeasyPrint on a plain HTML of the same length, in one run.

Measured, each in a process of its own (so that peak memory is the process's own and fonts are loaded
afresh, as in a build; in both, WeasyPrint is imported before the clock starts):

- **book**: ``PdfBuilder(jobs=1).build`` on the seeds' TEI (facing pages: the measuring pass, the body
  once, the index of names on its own with the body's pages, measured in one column and then set in the
  columns made from that; PDF/UA with languages): wall time, pages, CPU seconds (with any second
  process), peak RSS, and the seconds of each WeasyPrint setting (named by its HTML: measure, body,
  index-measure, index) and of writing the PDF (the rest: XSLT, reading). ``--jobs 2`` sets the body in
  parts in two processes (docs/print.md): ``part-N``, those in brackets set in the second process at the
  same time, ``front`` the front matter set again with the contents' page numbers;
- **plain**: the same book's text (every paragraph of its print HTML, in order, without markup) in a
  plain HTML with one serif font, rendered once by WeasyPrint and written as a PDF: the floor of what
  WeasyPrint does with this much text.

Reported: pages/s of both and their ratio (book / plain; the issue asks ≥ 1), peak RSS of both. The TEI
is made once beforehand (not timed).

Run: .venv/bin/python benchmarks/print.py [--repeat N] [--layout facing|columns|sequence] [--jobs 1|2]
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

CHILD_BOOK = """
import json, sys, time
from pathlib import Path
from edition.publish.pdf import PdfBuilder
import weasyprint  # imported before the clock starts, as the plain run's is (0.4 s: not the book's work)
tei = [Path(p) for p in json.loads(sys.argv[1])]
phases = []
def timed(name, function):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            label = name
            if name == "set":  # which setting: the HTML's name, the measure by its order
                stem = Path(args[0]).stem.lstrip(".").replace("edition-", "")
                label = "measure" if stem == "edition" and not phases and sys.argv[3] == "facing" else \
                    "body" if stem == "edition" else stem
            phases.append(f"{label} {time.perf_counter() - start:.1f}")
    return staticmethod(run)
PdfBuilder.render = timed("set", PdfBuilder.render)
PdfBuilder.write_pdf = timed("write", PdfBuilder.write_pdf)
start = time.perf_counter()
builder = PdfBuilder(layout=sys.argv[3], jobs=int(sys.argv[4]))
pdf = builder.build(tei, Path(sys.argv[2]), {"title": "Benchmark", "editors": ["A. Editor"]})
seconds = time.perf_counter() - start
phases += [f"[{name} {s:.1f}]" for name, s in builder.timings]  # set in the second process, at the same time
import resource
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps({"seconds": seconds, "pdf": str(pdf), "phases": phases,
                  "cpu": sum(u.ru_utime + u.ru_stime for u in usage),
                  "peak_mb": usage[0].ru_maxrss / 1024, "child_peak_mb": usage[1].ru_maxrss / 1024}))
"""

CHILD_PLAIN = """
import json, sys, time
import weasyprint
start = time.perf_counter()
document = weasyprint.HTML(filename=sys.argv[1]).render()
document.write_pdf(sys.argv[2])
import resource
print(json.dumps({"seconds": time.perf_counter() - start, "pages": len(document.pages),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(code: str, *args: str) -> dict:
    """Run ``code`` in a new Python; its JSON line (it reports its own time and peak RSS)."""
    done = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def plain_html(book_html: Path | list[Path], out: Path) -> Path:
    """The book's (or the books': volumes) paragraphs as plain text in a plain HTML (same order, same amount of
    text)."""
    from lxml import html as lxml_html

    blocks = [" ".join(e.text_content().split()) for path in ([book_html] if isinstance(book_html, Path) else book_html)
              for e in lxml_html.parse(str(path)).getroot().iter("p", "h1", "h2", "h3", "h4", "li", "td")]
    body = "\n".join(f"<p>{html.escape(b)}</p>" for b in blocks if b)
    out.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><style>"
                   "@page { size: 176mm 250mm; margin: 20mm 17mm 22mm 22mm }"
                   "body { font: 10pt/1.4 'Noto Serif', serif; } p { margin: 0 0 1.6mm; text-align: justify }"
                   f"</style></head><body>{body}</body></html>", encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (medians reported)")
    parser.add_argument("--layout", default="facing", choices=["facing", "columns", "sequence"])
    parser.add_argument("--jobs", type=int, default=1, help="processes setting the book (PdfBuilder.jobs; 2: the body in parts)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from edition.pipeline import Pipeline
    from edition.project import Project

    work = Path(tempfile.mkdtemp(prefix="edition-print-bench-"))
    project = Project.load(ROOT / "edition.toml")
    pipeline = Pipeline(project)
    tei = pipeline.write_tei(pipeline.group(pipeline.read(project.transcripts())), work / "tei")
    book_runs, plain_runs = [], []
    for i in range(args.repeat):
        out = work / f"book{i}"
        book = run_child(CHILD_BOOK, json.dumps([str(p) for p in tei]), str(out), args.layout, str(args.jobs))
        book["pages"] = pages_of(Path(book["pdf"]))
        book_runs.append(book)
        plain = run_child(CHILD_PLAIN, str(plain_html(out / "edition.html", work / "plain.html")),
                          str(work / "plain.pdf"))
        plain_runs.append(plain)
    b_s = statistics.median(r["seconds"] for r in book_runs)
    p_s = statistics.median(r["seconds"] for r in plain_runs)
    b_pages, p_pages = book_runs[0]["pages"], plain_runs[0]["pages"]
    print(f"layout: {args.layout}; {len(tei)} conversations; runs: {args.repeat}")
    print(f"book : {b_pages:4d} pages in {b_s:6.1f} s = {b_pages / b_s:5.2f} pages/s, "
          f"CPU {statistics.median(r['cpu'] for r in book_runs):.1f} s (with its child processes), "
          f"peak {book_runs[0]['peak_mb']:.0f} MB (largest child {book_runs[0]['child_peak_mb']:.0f} MB)")
    print(f"plain: {p_pages:4d} pages in {p_s:6.1f} s = {p_pages / p_s:5.2f} pages/s, "
          f"peak {plain_runs[0]['peak_mb']:.0f} MB (WeasyPrint, the same text without markup)")
    print(f"ratio book/plain pages/s: {(b_pages / b_s) / (p_pages / p_s):.2f} (the issue asks >= 1)")
    for i, run in enumerate(book_runs, start=1):
        print(f"book run {i}: {run['seconds']:.1f} s = {', '.join(run['phases'])} s, the rest XSLT and reading "
              "([...]: in the second process, at the same time)")
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3] if Path('/proc/loadavg').exists() else '?'}")


if __name__ == "__main__":
    main()
