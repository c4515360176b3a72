"""Packaging: the wheel holds everything an installed ``edition`` reads, and it works outside the checkout.

The wheel is built offline from a copy of the package (``pip wheel --no-build-isolation --no-index``, with
the setuptools of the test extra; a copy, so that setuptools' build/ and egg-info stay out of the checkout)
and installed with ``--no-deps`` into a fresh virtual environment in a temporary folder. The dependencies
come, without a network, from this environment's site-packages, named by a ``.pth`` file of plain paths: a
path line does not run that directory's own ``.pth`` files, so the checkout's editable install stays
invisible, which the first test of the install checks. Every command then runs from an empty temporary
folder (no checkout above it) with the installed ``edition`` script.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS, tei_all_schema

TEI_ALL = tei_all_schema()  # optional here: the conformance check when tei_all.rng is at hand
SEED = "000_74b08fd92c73bdd2"  # a short transcript (one record, English) with its metadata
DATA_SUFFIXES = {".xsl", ".css", ".js", ".rng", ".xsd", ".sch"}


def _run(cmd: list, cwd: Path, env: dict | None = None, timeout: int = 300, ok: tuple = (0,)) -> \
        subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    assert done.returncode in ok, f"{' '.join(map(str, cmd))} (in {cwd}) exited {done.returncode}:\n" \
                                 f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _package_files() -> list[str]:
    """The package's files in the checkout (git's list where there is one), relative to ROOT."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(["git", "ls-files", "-z", "edition"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout
        return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]
    return [str(p.relative_to(ROOT)) for p in (ROOT / "edition").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", *(p.name for p in ROOT.glob("LICEN[CS]E*"))):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "edition", src / "edition", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "--no-index",
          "--no-cache-dir", "-q", "-w", dist], cwd=src)
    (built,) = dist.glob("edition-*.whl")
    return built


def test_the_wheel_holds_every_file_of_the_package_and_nothing_else(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {name for name in _package_files() if not name.endswith((".pyc",))}
    assert wanted - names == set(), "package files missing from the wheel (declare them in pyproject.toml)"
    data = {name for name in names if Path(name).suffix in DATA_SUFFIXES}
    assert {"edition/xslt/html.xsl", "edition/xslt/common/text.xsl", "edition/xslt/css/print.css",
            "edition/xslt/js/align.js", "edition/schema/edition.rng", "edition/schema/edition.xsd",
            "edition/schema/xml.xsd", "edition/schema/edition.sch"} <= data
    assert "edition/system-packages.txt" in names
    outside = {name for name in names if not name.startswith(("edition/", "edition-"))}
    assert outside == set()  # no tests, no schema/ source, no seeds


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh environment outside the checkout with the wheel installed and this one's dependencies."""
    root = tmp_path_factory.mktemp("venv")
    assert not root.is_relative_to(ROOT)
    made = subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], capture_output=True, text=True,
                          timeout=120, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot create a virtual environment here: {made.stderr.strip()[-500:]}")
    python = root / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--no-cache-dir",
          "-q", wheel], cwd=root)
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=root).stdout.strip()
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (Path(site) / "zz-edition-test-dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    return root


@pytest.fixture
def env(venv) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "EDITION_SCHEMA_DIR", "EDITION_TEI_SCHEMA")}
    return {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", "PYTHONNOUSERSITE": "1",
            "EDITION_OFFLINE": "1"}


@pytest.fixture
def empty(tmp_path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    assert not folder.resolve().is_relative_to(ROOT)
    return folder


def test_the_installed_package_is_the_wheel_not_the_checkout(venv, env, empty):
    where = _run([venv / "bin" / "python", "-c", "import json, edition, edition.resources as r; "
                  "print(json.dumps([edition.__file__, str(r.xslt_dir()), str(r.schema_dir())]))"],
                 cwd=empty, env=env).stdout
    for path in json.loads(where):
        assert Path(path).resolve().is_relative_to(venv.resolve()), path


def test_an_installed_edition_starts_converts_builds_and_validates_in_an_empty_folder(venv, env, empty):
    """edition init ed && cd ed && edition convert T.txt && edition build, then edition validate."""
    edition = venv / "bin" / "edition"
    tei_all = ["--tei-schema", TEI_ALL] if TEI_ALL else []
    assert "convert" in _run([edition, "--help"], cwd=empty, env=env).stdout
    _run([edition, "init", "ed"], cwd=empty, env=env)
    project = empty / "ed"
    shutil.copy2(SEEDS / f"{SEED}.txt", project / "transcripts" / "T.txt")
    shutil.copy2(SEEDS / "meta" / f"{SEED}.toml", project / "meta" / "T.toml")
    _run([edition, "convert", "T.txt"], cwd=project / "transcripts", env=env)  # the project found by walking up
    _run([edition, "build", *tei_all], cwd=project, env=env)
    checked = json.loads(_run([edition, "validate", "--format", "json", *(["--tei", *tei_all] if tei_all else [])],
                              cwd=project, env=env).stdout)
    assert checked["summary"]["files"] == 1 and checked["summary"]["invalid"] == 0, checked
    # the installed package finds its data and its dependencies (this machine's Debian packages are not judged)
    doctor = json.loads(_run([edition, "doctor", "--format", "json"], cwd=project, env=env, ok=(0, 1)).stdout)
    codes = {d["code"] for d in doctor["diagnostics"]}
    assert not codes & {"doctor.missing-resource", "doctor.missing-python-package"}, doctor
    build = project / "build"
    (tei,) = (build / "tei").glob("1950-01-13-*.xml")
    assert sorted(p.name for p in (build / "schema").iterdir()) == ["edition.rng", "edition.sch", "edition.xsd",
                                                                    "xml.xsd"]
    html = build / "html"
    page = (html / f"{tei.stem}.html").read_text(encoding="utf-8")
    assert "Kuomintang" in page and 'href="edition.css"' in page
    assert f'href="{tei.stem}.html"' in (html / "index.html").read_text(encoding="utf-8")
    assert (html / "names.html").is_file()
    assert (html / "edition.css").read_bytes() == (ROOT / "edition" / "xslt" / "css" / "edition.css").read_bytes()
    assert (html / "align.js").read_bytes() == (ROOT / "edition" / "xslt" / "js" / "align.js").read_bytes()
    assert (build / "pdf" / "edition.pdf").read_bytes().startswith(b"%PDF")
