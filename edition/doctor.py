"""What the edition needs besides its Python dependencies, and what of it is missing (``edition doctor``).

``check()`` looks, on this machine, for what each Debian package of ``edition/system-packages.txt``
provides (the list ``scripts/system-deps.sh`` installs from): the shared libraries WeasyPrint loads,
the fonts the stylesheets name, a font covering Chinese, and, with ``tests=True``, the programs the test
suite runs. It also checks that the Python dependencies can be imported and that the package data
(stylesheets, project schema) is installed. It returns diagnostics, never prints; when packages are
missing the last one is the ``apt-get install`` line that adds them.

    doctor.missing-package         error (needed to publish) or warning (optional; test-only)
    doctor.missing-python-package  error: a dependency of the package is not importable
    doctor.missing-resource        error: a stylesheet or schema file is not installed
    doctor.cannot-check            warning: there is no way to look (fc-list is missing)
    doctor.install                 info: the command that installs the missing Debian packages
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic
from .resources import resource

WHERE = "edition doctor"  # what the diagnostics name instead of a file

#: Modules of the package's Python dependencies (module name: distribution name).
PYTHON_MODULES = {
    "lxml": "lxml", "xmlschema": "xmlschema", "saxonche": "saxonche", "click": "click",
    "weasyprint": "weasyprint", "rich": "rich", "pymorphy3": "pymorphy3", "pymorphy3_dicts_ru": "pymorphy3-dicts-ru",
}

#: Package data the builders and the validator read (relative to the package).
RESOURCES = (
    "xslt/html.xsl", "xslt/index.xsl", "xslt/names.xsl", "xslt/print.xsl", "xslt/css/edition.css",
    "xslt/css/print.css", "xslt/js/align.js",
)
SCHEMA_FILES = ("edition.rng", "edition.xsd", "xml.xsd", "edition.sch")


@dataclass(frozen=True)
class SystemPackage:
    """One line of system-packages.txt."""

    name: str     # the Debian package
    need: str     # "build" | "optional" | "test"
    probe: str    # "lib:NAME" | "font:NAME" | "lang:CODE" | "cmd:NAME"
    purpose: str
    line: int


def system_packages(path: Path | None = None) -> list[SystemPackage]:
    """The Debian packages the edition needs, as edition/system-packages.txt lists them."""
    path = path or resource("system-packages.txt")
    packages = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        name, need, probe, *purpose = text.split()
        if need not in ("build", "optional", "test") or ":" not in probe:
            raise ValueError(f"{path}:{number}: expected 'package build|optional|test kind:name what for'")
        packages.append(SystemPackage(name, need, probe, " ".join(purpose), number))
    return packages


# ------------------------------------------------------------------ probes (monkeypatched by the tests)

def library_found(name: str) -> bool:
    """Whether the shared library ``name`` (e.g. "pango-1.0") can be loaded, as WeasyPrint will load it."""
    if ctypes.util.find_library(name):
        return True
    for soname in (f"lib{name}.so.0", f"lib{name}.so"):
        try:
            ctypes.CDLL(soname)
            return True
        except OSError:
            continue
    return False


def program_found(name: str) -> bool:
    return shutil.which(name) is not None


def fc_list(*args: str) -> str | None:
    """What ``fc-list ARGS`` prints; None when fontconfig's fc-list cannot be run."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        return subprocess.run([program, *args], capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _families() -> set[str] | None:
    listing = fc_list("--format", "%{family}\n")
    if listing is None:
        return None
    return {_key(family) for line in listing.splitlines() for family in line.split(",") if family.strip()}


def _key(family: str) -> str:
    return "".join(family.split()).lower()


# ------------------------------------------------------------------ the check

def check(tests: bool = False) -> list[Diagnostic]:
    """Diagnostics for everything missing (an empty list: nothing is). ``tests``: also what the tests need."""
    diagnostics: list[Diagnostic] = []
    missing: list[str] = []
    families: set[str] | None = None
    families_read = False
    for package in system_packages():
        if package.need == "test" and not tests:
            continue
        kind, _, value = package.probe.partition(":")
        if kind == "lib":
            found, looked_for = library_found(value), f"no shared library {value}"
        elif kind == "cmd":
            found, looked_for = program_found(value), f"no program {value} on PATH"
        elif kind == "font":
            if not families_read:
                families, families_read = _families(), True
            if families is None:
                diagnostics.append(_cannot_check(package))
                continue
            found, looked_for = _key(value) in families, f"fontconfig knows no font {value}"
        elif kind == "lang":
            listing = fc_list(f":lang={value}", "family")
            if listing is None:
                diagnostics.append(_cannot_check(package))
                continue
            found, looked_for = bool(listing.strip()), f"fontconfig knows no font covering :lang={value}"
        else:
            raise ValueError(f"system-packages.txt:{package.line}: unknown probe {package.probe!r}")
        if not found:
            missing.append(package.name)
            severity = "error" if package.need == "build" else "warning"
            for_tests = " (for the tests)" if package.need == "test" else ""
            diagnostics.append(Diagnostic("doctor.missing-package", severity,
                                          f"{package.name} is missing{for_tests}: {package.purpose} ({looked_for})",
                                          WHERE))
    diagnostics += _python_modules() + _resources()
    if missing:
        diagnostics.append(Diagnostic("doctor.install", "info", "install the missing Debian packages with: "
                                      + install_command(missing), WHERE))
    return diagnostics


def install_command(packages: list[str]) -> str:
    """The apt-get line that installs ``packages`` (with sudo when not run as root)."""
    sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get install --no-install-recommends {' '.join(packages)}"


def _cannot_check(package: SystemPackage) -> Diagnostic:
    return Diagnostic("doctor.cannot-check", "warning",
                      f"cannot check for {package.name} ({package.purpose}): fc-list (Debian: fontconfig) is missing",
                      WHERE)


def _python_modules() -> list[Diagnostic]:
    return [Diagnostic("doctor.missing-python-package", "error",
                       f"the Python package {dist} is not installed (reinstall edition with pip, with its dependencies)",
                       WHERE)
            for module, dist in PYTHON_MODULES.items() if importlib.util.find_spec(module) is None]


def _resources() -> list[Diagnostic]:
    why = "the package is incomplete: reinstall edition"
    wanted = [(resource(*name.split("/")), why) for name in RESOURCES]
    wanted += [(resource("schema", name), why) for name in SCHEMA_FILES]
    if os.environ.get("EDITION_SCHEMA_DIR"):  # the validator reads the schema from there instead
        wanted += [(Path(os.environ["EDITION_SCHEMA_DIR"]) / name, "EDITION_SCHEMA_DIR points here")
                   for name in SCHEMA_FILES]
    return [Diagnostic("doctor.missing-resource", "error", f"{path.name} is missing ({why})", str(path))
            for path, why in wanted if not path.is_file()]
