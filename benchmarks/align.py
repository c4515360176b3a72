"""Benchmark: quality and speed of the parallel alignment (issue #4), with a Gale–Church baseline.

Quality: strict and lax F1 of sentence links against tests/align_gold/ for both translations of
22 January 1950, from the raw seeds (read, written and entity-tagged by the pipeline), next to a
plain Gale–Church run on the same sentences; then the same under perturbations (stress.py).
Speed: sentences per second, and as ratios to references measured in the same run on the same
sentences — word tokenisation alone, and the Gale–Church baseline — so the figures carry over
between machines. Run: .venv/bin/python benchmarks/align.py [--repeat N] [--trials N]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edition.align import align_tree, stress  # noqa: E402
from edition.align.aligner import Item, PairAligner, gale_church  # noqa: E402
from edition.align.evaluate import items_of, links_in_tree, load_gold, score, seed_trees  # noqa: E402
from edition.project import Project  # noqa: E402

GOLD = ROOT / "tests" / "align_gold" / "1950-01-22-stalin-mao-zedong.toml"
WORD = re.compile(r"\w+")


def best_of(repeat: int, work, prepare=lambda: None) -> float:
    times = []
    for _ in range(repeat):
        arg = prepare()
        start = time.perf_counter()
        work(arg)
        times.append(time.perf_counter() - start)
    return min(times)


def row(name: str, s) -> str:
    return (f"| {name} | {s.strict_p:.3f} | {s.strict_r:.3f} | **{s.strict_f1:.3f}** | {s.lax_p:.3f} | {s.lax_r:.3f} "
            f"| **{s.lax_f1:.3f}** | {s.unaligned_f1:.3f} | {s.links} |")


def quality(gold, tree, items) -> None:
    aligned = copy.deepcopy(tree)
    align_tree(aligned, None)
    print("| translation, aligner | strict P | strict R | strict F1 | lax P | lax R | lax F1 | no-counterpart F1 "
          "| gold links |\n|---|---|---|---|---|---|---|---|---|")
    for translation in gold.pairs:
        ours = score(links_in_tree(aligned.getroot(), translation), gold.pairs[translation])
        base = [(frozenset(k.src), frozenset(k.tgt)) for k in gale_church(items["ru"], items[translation])]
        print(row(f"{translation}, ours", ours))
        print(row(f"{translation}, Gale–Church", score(base, gold.pairs[translation])))


def robustness(gold, items, trials: int) -> None:
    print(f"\nStrict F1 under perturbation (mean of {trials} random trials each):\n")
    print("| translation | perturbation | ours | Gale–Church |\n|---|---|---|---|")
    for translation in gold.pairs:
        for name, perturbation in stress.PERTURBATIONS.items():
            ours, base = stress.run(items["ru"], items[translation], gold.pairs[translation], perturbation, trials)
            print(f"| {translation} | {name} | {ours:.3f} | {base:.3f} |")
    print(f"\nWhat @cert promises, over the same perturbations ({trials} trials each, both translations):\n")
    print("| cert | links | right | precision |\n|---|---|---|---|")
    totals = {c: [0, 0] for c in ("high", "medium", "low")}
    for translation in gold.pairs:
        for cert, (n, ok) in stress.calibration(items["ru"], items[translation], gold.pairs[translation], trials).items():
            totals[cert][0] += n
            totals[cert][1] += ok
    for cert, (n, ok) in totals.items():
        print(f"| {cert} | {n} | {ok} | {ok / n if n else 1:.4f} |")


def repeated(items: list[Item], times: int, tag: str) -> list[Item]:
    """A conversation ``times`` as long (fresh ids and turns), to show that the cost grows linearly."""
    out = []
    for k in range(times):
        for i in items:
            seg = i.segment
            out.append(Item(replace(seg, id=f"{seg.id}-{tag}{k}", unit=f"{seg.unit}-{tag}{k}",
                                    block=f"{seg.block}-{tag}{k}"), i.features))
    return out


def speed(tree, items, repeat: int) -> None:
    segments = sum(len(v) for v in items.values())
    texts = [i.segment.text for seq in items.values() for i in seq]
    pairs = [(items["ru"], items[t]) for t in items if t != "ru"]
    t_tree = best_of(repeat, lambda t: align_tree(t, None), lambda: copy.deepcopy(tree))
    t_dp = best_of(repeat, lambda _: [PairAligner().align(a, b) for a, b in pairs])
    t_gc = best_of(repeat, lambda _: [gale_church(a, b) for a, b in pairs])
    t_tok = best_of(repeat, lambda _: [WORD.findall(t) for t in texts])
    long_pairs = [(repeated(a, 10, "r"), repeated(b, 10, "t")) for a, b in pairs]
    t_long = best_of(max(1, repeat // 2), lambda _: [PairAligner().align(a, b) for a, b in long_pairs])
    print(f"\nSpeed on the 22 January 1950 conversation ({segments} sentences in 3 versions, 2 pairs), best of {repeat}:\n")
    print("| what | ms | sentences/s | ratio to tokenisation | ratio to Gale–Church |\n|---|---|---|---|---|")
    for name, t, n in (("align_tree (segment + features + align + stand-off)", t_tree, segments),
                       ("aligner alone (both pairs)", t_dp, segments),
                       ("aligner alone, conversation ×10", t_long, segments * 10),
                       ("Gale–Church baseline (both pairs)", t_gc, segments),
                       ("reference: word tokenisation of the same sentences", t_tok, segments)):
        print(f"| {name} | {t * 1000:.1f} | {n / t:,.0f} | {t / t_tok * (segments / n):.0f} | "
              f"{t / t_gc * (segments / n):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--trials", type=int, default=25)
    args = parser.parse_args()
    gold = load_gold(GOLD)
    tree = seed_trees(Project.load(ROOT / "edition.toml"))[gold.conversation]
    items = items_of(copy.deepcopy(tree))
    quality(gold, tree, items)
    robustness(gold, items, args.trials)
    speed(tree, items, args.repeat)


if __name__ == "__main__":
    main()
