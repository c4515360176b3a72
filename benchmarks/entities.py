"""Benchmark: entity and date tagging of every seed conversation.

Reported per conversation as absolute time and as a ratio to a reference measured in
the same run on the same files: parsing and serialising the TEI with lxml (the least a
TEI→TEI stage must do). Run: .venv/bin/python benchmarks/entities.py [--repeat N]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edition.entities.tagger import EntityTagger  # noqa: E402
from edition.pipeline import Pipeline  # noqa: E402
from edition.project import Project  # noqa: E402
from edition.writers.tei import serialise  # noqa: E402


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    project = Project.load(ROOT / "edition.toml")
    registers = project.registers
    start = time.perf_counter()
    tagger = EntityTagger(registers)
    setup = time.perf_counter() - start
    pipeline = Pipeline(project)
    conversations = pipeline.group(pipeline.read(project.transcripts()))
    trees = {c.key: tree for c, tree in pipeline.trees(conversations, stages=[])}  # untagged: the tagger is timed
    print(f"tagger set-up (register index, Russian forms): {setup * 1000:.0f} ms, once per process")
    print(f"{'conversation':40} {'words':>6} {'tag ms':>8} {'ref ms':>8} {'ratio':>6}")
    ratios = []
    for key, tree in trees.items():
        words = len("".join(tree.getroot().find("{*}text").itertext()).split())
        data = serialise(tree)
        tag = best_of(args.repeat, lambda: tagger.tag(copy.deepcopy(tree)))
        ref = best_of(args.repeat, lambda: etree.tostring(etree.fromstring(data)))
        ratios.append(tag / ref)
        print(f"{key:40} {words:6d} {tag * 1000:8.1f} {ref * 1000:8.1f} {tag / ref:6.1f}")
    print(f"median ratio tagging / (parse + serialise): {statistics.median(ratios):.1f}")


if __name__ == "__main__":
    main()
