"""HTML at speed (issue 15, items 4 and 5): our conversation pages against the TEI Consortium's html5
stylesheets and against Saxon's identity transform, on the same TEI files, in the same process, in one run.

Three stylesheets, each compiled once (compilation not timed), each run over every document with the same
saxonche: ``edition/xslt/html.xsl`` as the web builder runs it for a page (``HtmlBuilder.page``: the whole
work, with the layout of the versions in rows made in Python and given as a parameter); the TEI Stylesheets'
``profiles/default/html5/to.xsl`` (what ``teitohtml5`` runs); a four-line identity transform
(``on-no-match="shallow-copy"``), the floor of parsing and serialising the same documents. Reported: seconds
(best of --repeat rounds, each running every stylesheet in turn), MB of TEI per second, and the ratios TEI
Stylesheets / ours (the issue asks at least 2) and ours / identity.

The TEI is the seeds' (``edition build -b tei`` into a temporary folder) copied under --copies distinct names,
or the files of --tei. The TEI Stylesheets are looked for in --stylesheets, else in the cache
``$EDITION_BENCH_CACHE`` (default ``~/.cache/edition-bench``)``/TEIC-Stylesheets``; when absent a shallow
``git clone https://github.com/TEIC/Stylesheets`` into the cache is tried; without them their column is
skipped with the reason.

With --per-document, also each document's seconds (best of --repeat) per stylesheet: where the difference lies
(a conversation in three aligned versions costs most: its layouts, docs/scale.md "HTML transform speed").

With --compare DIR, also the html.xsl of DIR (another revision's edition/xslt, e.g. ``git archive REV
edition/xslt | tar -x -C /tmp/old``), with the page's parameters but nothing made in Python (that revision's
whole work, when it made the layout in XSLT): before and after in one run, with the median over the rounds of
the difference compared - ours (steadier than the ratio of the best under load).

Run: .venv/bin/python benchmarks/html_speed.py [--copies 20] [--repeat 3] [--tei DIR] [--stylesheets DIR]
[--per-document] [--compare DIR] [--cpu]

With --cpu, the CPU seconds of the process (``time.process_time``: saxonche runs in it) instead of wall seconds:
on shared cores a run that waits for a core counts its wait in wall time only (docs/scale.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edition.publish import xslt  # noqa: E402
from edition.publish.builders import HtmlBuilder, edition_params, read_conversations  # noqa: E402

IDENTITY = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:mode on-no-match="shallow-copy"/>
</xsl:stylesheet>
"""
STYLESHEETS_URL = "https://github.com/TEIC/Stylesheets"


def cache() -> Path:
    return Path(os.environ.get("EDITION_BENCH_CACHE") or Path.home() / ".cache" / "edition-bench")


def tei_stylesheets(given: Path | None) -> tuple[Path | None, str]:
    """The html5 entry stylesheet of the TEI Stylesheets, or None and why not."""
    folder = given or cache() / "TEIC-Stylesheets"
    entry = folder / "profiles" / "default" / "html5" / "to.xsl"
    if not entry.is_file() and given is None and shutil.which("git"):
        folder.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--depth", "1", STYLESHEETS_URL, str(folder)],
                       capture_output=True, timeout=300)
    if entry.is_file():
        return entry, ""
    return None, f"TEI Stylesheets not found at {folder} (and no clone of {STYLESHEETS_URL} could be made)"


def seed_tei(folder: Path, copies: int) -> list[Path]:
    build = folder / "build"
    done = subprocess.run([str(Path(sys.executable).parent / "edition"), "build", "-b", "tei", "--out", str(build)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"edition build failed:\n{done.stdout}{done.stderr}")
    seeds = sorted((build / "tei").glob("*.xml"))
    out = folder / "tei"
    out.mkdir()
    paths = []
    for copy in range(copies):
        for path in seeds:
            target = out / f"{copy:03d}-{path.name}"
            shutil.copy(path, target)
            paths.append(target)
    return paths


#: what timed() reads: wall time, or with --cpu the process's CPU time (saxonche runs in this process), which
#: other work on shared cores inflates much less (a process waiting for a core spends no CPU time)
CLOCK = time.perf_counter


#: the seconds of every round of the last timed(): per round, those of each run
ROUNDS: list[list[float]] = []


def timed(runs: list, repeat: int) -> list[float]:
    """The best seconds of each of ``runs`` over ``repeat`` rounds, each round running every one in turn: what
    the machine does meanwhile weighs on all alike (timed one after the other, the first measured came out up
    to a fifth slower than the same stylesheet measured next, on shared cores). Each round's in ``ROUNDS``."""
    for run in runs:
        run()  # warm: the first run loads what Saxon's caches need
    ROUNDS.clear()
    for _ in range(repeat):
        ROUNDS.append([])
        for run in runs:
            started = CLOCK()
            run()
            ROUNDS[-1].append(CLOCK() - started)
    return [min(seconds) for seconds in zip(*ROUNDS)]


def median_difference() -> float:
    """The median over the last timed()'s rounds of the second run's seconds less the first's: steadier under
    load than the difference of the best (a round's load weighs on both; docs/scale.md)."""
    return statistics.median(r[1] - r[0] for r in ROUNDS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the seeds' TEI (5 documents each)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tei", type=Path, help="a folder of TEI files instead of the seeds' copies")
    parser.add_argument("--stylesheets", type=Path, help="a checkout of TEIC/Stylesheets")
    parser.add_argument("--per-document", action="store_true", help="also the seconds of each document")
    parser.add_argument("--compare", type=Path, help="a folder with another html.xsl (another revision's edition/xslt)")
    parser.add_argument("--cpu", action="store_true",
                        help="CPU seconds of this process instead of wall seconds (steadier on shared cores)")
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    with tempfile.TemporaryDirectory(prefix="edition-html-speed-") as tmp:
        work = Path(tmp)
        paths = sorted(args.tei.glob("*.xml")) if args.tei else seed_tei(work, args.copies)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        out = work / "out"
        out.mkdir()
        builder = HtmlBuilder()
        jobs = builder.page_jobs(read_conversations(paths), out, edition_params({}))
        identity_path = work / "identity.xsl"
        identity_path.write_text(IDENTITY, encoding="utf-8")
        identity = xslt.load(identity_path)
        other = xslt.load(args.compare / "html.xsl") if args.compare else None
        entry, why = tei_stylesheets(args.stylesheets)
        tei = xslt.load(entry) if entry is not None else None

        def runs(docs: list) -> list[tuple[str, object]]:
            """What each stylesheet does with the jobs ``docs``, by name."""
            return [("ours (html.xsl)", lambda: [builder.page(j) for j in docs]),
                    *([("compared (--compare)", lambda: [other.transform(j.source, j.output, params=j.params)
                                                         for j in docs])] if other is not None else []),
                    *([("TEI Stylesheets html5", lambda: [tei.transform(j.source, out / f"tei-{j.source.stem}.html")
                                                          for j in docs])] if tei is not None else []),
                    ("identity (shallow-copy)", lambda: [identity.transform(j.source, out / f"id-{j.source.stem}.xml")
                                                         for j in docs])]

        named = runs(jobs)
        rows = list(zip([name for name, _ in named], timed([run for _, run in named], args.repeat)))
        compared_less_ours = median_difference() if other is not None else None
        per_document = []
        if args.per_document:
            for job in jobs:
                path = Path(job.source)
                per_document.append((path.name, path.stat().st_size / 1e3,
                                     timed([run for _, run in runs([job])], args.repeat)))
    print(f"{len(paths)} TEI documents, {megabytes:.1f} MB; best of {args.repeat} ({'CPU' if args.cpu else 'wall'} "
          f"seconds); load average "
          f"{os.getloadavg()[0]:.2f}")
    print(f"{'stylesheet':26} {'seconds':>8} {'MB/s':>7}")
    for name, seconds in rows:
        print(f"{name:26} {seconds:8.3f} {megabytes / seconds:7.2f}")
    times = dict(rows)
    if entry is not None:
        print(f"TEI Stylesheets / ours: {times['TEI Stylesheets html5'] / times['ours (html.xsl)']:.2f} "
              "(issue 15 asks >= 2)")
    else:
        print(f"TEI Stylesheets: skipped: {why}")
    if other is not None:
        print(f"compared / ours: {times['compared (--compare)'] / times['ours (html.xsl)']:.2f} (median of the rounds' "
              f"compared - ours: {compared_less_ours:+.3f} s)")
        if entry is not None:
            print(f"TEI Stylesheets / compared: {times['TEI Stylesheets html5'] / times['compared (--compare)']:.2f}")
    print(f"ours / identity: {times['ours (html.xsl)'] / times['identity (shallow-copy)']:.2f}")
    if per_document:
        print(f"{'document':44} {'kB':>5} " + " ".join(f"{name.split()[0]:>8}" for name, _ in rows))
        for name, kb, seconds in per_document:
            print(f"{name:44} {kb:5.0f} " + " ".join(f"{s:8.3f}" for s in seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
