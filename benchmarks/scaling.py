"""Benchmark: conversion time against input size (issue 14, item 8): every stage must be linear.

Two series of generated inputs, made of realistic sentences taken from the seeds and the constructed
transcripts (seeds/*.txt, tests/transcripts/*.txt):

- one paragraph of 1k, 2k, 4k, 8k lines (no blank line anywhere: the worst case for paragraph joining,
  inline parsing, sentence splitting and entity tagging);
- whole transcripts of 1, 2, 4, 8 MB: a record's heading and date, then turns "Stalin: …" / "Mao Zedong: …"
  wrapped as a typescript, printed page numbers and form feeds between pages, dates in the text.

Each input is converted as the command line does it, through ``Pipeline(Project.load(ROOT / "edition.toml"))``:
``read``, ``group``, ``trees`` (writer, entity tagger, aligner) and serialisation. The reference, measured in
the same run on the same output, is lxml parsing the TEI produced, so the ratios carry over between machines.
The fitted exponent of each series (least squares of log time against log size) must be at most 1.2: the
script exits 1 when it is not. Times are processor times of this process, the best of --repeat runs (the machine
may be shared: wall-clock time is printed beside them, and its exponent). Peak memory (resident set, the
process's maximum so far) is printed per row.

Run: .venv/bin/python benchmarks/scaling.py [--quick] [--repeat N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import math
import random
import re
import resource
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edition.pipeline import Pipeline  # noqa: E402
from edition.project import Project  # noqa: E402
from edition.writers.tei import serialise  # noqa: E402

MAX_EXPONENT = 1.2
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
WIDTH = 78  # a typescript's line


def _prose(text: str) -> list[str]:
    """The prose paragraphs of a transcript, each joined into one line (labels, lists and headings left out)."""
    paras = []
    for block in re.split(r"\n\s*\n", text.replace("\f", "\n")):
        lines = [" ".join(line.split()) for line in block.splitlines() if line.strip()]
        joined = " ".join(lines)
        if len(joined) > 120 and joined[:1].isupper() and not re.match(r"^[A-Z][\w ]{0,30}:", joined):
            paras.append(joined)
    return paras


def sentences() -> list[str]:
    """Realistic sentences: those of the seeds' and the constructed transcripts' prose paragraphs (English)."""
    found: list[str] = []
    for path in sorted([*(ROOT / "seeds").glob("*.txt"), *(ROOT / "tests" / "transcripts").glob("*.txt")]):
        for para in _prose(path.read_text(encoding="utf-8")):
            for sentence in SENTENCE.split(para):
                sentence = sentence.strip()
                if (40 <= len(sentence) <= 400 and sentence[-1] in ".!?" and sentence.isascii()
                        and "http" not in sentence and sentence.count("[") == sentence.count("]")):
                    found.append(sentence)
    return list(dict.fromkeys(found))


HEADING = ("RECORD OF A CONVERSATION BETWEEN COMRADE I. V. STALIN AND CHAIRMAN OF THE CENTRAL PEOPLE'S "
           "GOVERNMENT OF THE PEOPLE'S REPUBLIC OF CHINA MAO ZEDONG")
DATES = ("16 December 1949", "January 2, 1950", "22 January 1950", "on 14 February 1950", "on 5 March 1949")


def paragraph(lines: int, seed: int = 1) -> str:
    """A record whose body is one paragraph of ``lines`` lines (a heading and a date line before it)."""
    rng = random.Random(seed)
    pool = sentences()
    said: list[str] = []
    length = 0
    while length < lines * WIDTH:
        said.append(rng.choice(pool))
        length += len(said[-1]) + 1
    body = textwrap.wrap(" ".join(said), WIDTH)[:lines]
    return "\n".join([*textwrap.wrap(HEADING, WIDTH), "", "16 December 1949", "", *body]) + "\n"


def transcript(size: int, seed: int = 1) -> str:
    """A record of about ``size`` bytes: turns of Stalin and Mao Zedong, page numbers, form feeds, dates."""
    rng = random.Random(seed)
    pool = sentences()
    out = [*textwrap.wrap(HEADING, WIDTH), "", "16 December 1949", "", "Present: Comrades Molotov, Vyshinsky, "
           "Fedorenko (interpreter); Shi Zhe (interpreter).", ""]
    length = sum(len(line) + 1 for line in out)
    page, on_page, turn = 2, 0, 0
    while length < size:
        speaker = ("Stalin", "Mao Zedong")[turn % 2]
        said = [rng.choice(pool) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.2:
            said.append(f"The question was discussed {rng.choice(DATES)}.")
        lines = textwrap.wrap(f"{speaker}: " + " ".join(said), WIDTH) + [""]
        turn += 1
        on_page += len(lines)
        if on_page > 50:  # the page's number, centred, then a form feed
            lines += [" " * 36 + f"{page}.", "\f"]
            page, on_page = page + 1, 0
        out += lines
        length += sum(len(line) + 1 for line in lines)
    out += ["The conversation lasted two hours.", "", "Recorded by N. Fedorenko.", ""]
    return "\n".join(out)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def convert(pipeline: Pipeline, path: Path) -> list[bytes]:
    """One transcript through the pipeline as the command line converts it: read, group, trees, serialised."""
    pipeline.diagnostics.clear()
    conversations = pipeline.group(pipeline.read([path]))
    return [serialise(tree) for _, tree in pipeline.trees(conversations)]


def best_of(repeat: int, work) -> tuple[float, float, object]:
    """The least processor time and the least wall-clock time of ``repeat`` runs, and the last result."""
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return min(cpu), min(wall), result


def reference(outputs: list[bytes], least: float = 0.25) -> float:
    """Processor time of lxml parsing the TEI produced, averaged over as many parses as take ``least`` seconds
    (one parse of a small file is too short to time alone)."""
    runs, start = 0, time.process_time()
    while True:
        for data in outputs:
            etree.fromstring(data)
        runs += 1
        if time.process_time() - start >= least:
            return (time.process_time() - start) / runs


def exponent(sizes: list[float], times: list[float]) -> float:
    """The slope of log time against log size, least squares."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def series(name: str, sizes: list[int], make, label, folder: Path, repeat: int) -> dict[str, float]:
    """Convert each generated input; print a row per size and the fitted exponents."""
    pipeline = Pipeline(Project.load(ROOT / "edition.toml"))
    convert(pipeline, ROOT / "tests" / "transcripts" / "stalin_kim.txt")  # warm: registers, entity index, dictionaries
    print(f"\n{name}")
    print(f"{'size':>8} {'bytes':>10} {'convert s':>10} {'wall s':>8} {'lxml ms':>8} {'ratio':>6} {'µs/byte':>8} "
          f"{'peak MB':>8}")
    lengths, cpus, walls, refs = [], [], [], []
    for size in sizes:
        path = folder / f"{name.split()[0]}-{label(size).replace(' ', '')}.txt"
        path.write_text(make(size), encoding="utf-8")
        nbytes = path.stat().st_size
        cpu, wall, outputs = best_of(repeat, lambda: convert(pipeline, path))
        ref = reference(outputs)
        lengths.append(nbytes)
        cpus.append(cpu)
        walls.append(wall)
        refs.append(ref)
        print(f"{label(size):>8} {nbytes:10d} {cpu:10.2f} {wall:8.2f} {ref * 1000:8.1f} {cpu / ref:6.0f} "
              f"{cpu / nbytes * 1e6:8.2f} {peak_rss_mb():8.0f}")
    fitted = {"convert": exponent(lengths, cpus), "wall": exponent(lengths, walls), "lxml": exponent(lengths, refs)}
    print(f"fitted exponent of time against size: convert {fitted['convert']:.2f} (wall-clock {fitted['wall']:.2f}), "
          f"reference {fitted['lxml']:.2f}")
    return fitted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer and smaller sizes, for a smoke run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best is kept")
    parser.add_argument("--keep", type=Path, help="write the generated transcripts into this folder")
    args = parser.parse_args()
    lines = [500, 1000, 2000] if args.quick else [1000, 2000, 4000, 8000]
    sizes = [2**18, 2**19, 2**20] if args.quick else [2**20, 2**21, 2**22, 2**23]
    print("convert s: processor time of read + group + trees (writer, entity tagger, aligner) + serialisation; "
          "lxml ms: parsing the TEI produced (the reference); ratio = convert / lxml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        found = {"paragraph": series("paragraph of N lines", lines, paragraph, lambda n: f"{n // 1000}k" if n >= 1000
                                     else str(n), folder, args.repeat),
                 "transcript": series("transcript of N MB", sizes, transcript, lambda n: f"{n / 2**20:g} MB", folder,
                                      args.repeat)}
    print(f"\nexponents (processor time; at most {MAX_EXPONENT}): "
          + ", ".join(f"{k} {v['convert']:.2f}" for k, v in found.items()))
    worst = max(v["convert"] for v in found.values())
    if worst > MAX_EXPONENT:
        print(f"super-linear: exponent {worst:.2f} > {MAX_EXPONENT}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
