"""edition doctor (edition/doctor.py): the system packages, fonts and package data the edition needs,
checked against a machine the tests make up (the probes monkeypatched), and the one list it shares with
scripts/system-deps.sh."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from edition import doctor

from .conftest import ROOT

FONTS = "Noto Serif\nDejaVu Serif,DejaVu Serif Condensed\nNoto Sans CJK SC,Noto Sans CJK SC Regular\n"


def machine(monkeypatch, libraries=("pango-1.0", "pangoft2-1.0", "harfbuzz-subset"),
            programs=("pdftotext", "chromium", "java"), fonts=FONTS, chinese=True, fontconfig=True):
    """A made-up machine: the libraries, programs and fonts it has."""
    monkeypatch.setattr(doctor, "library_found", lambda name: name in libraries)
    monkeypatch.setattr(doctor, "program_found", lambda name: name in programs)

    def fc_list(*args):
        if not fontconfig:
            return None
        if args[0] == "--format":
            return fonts
        assert args[0].startswith(":lang="), args
        return "Noto Sans CJK SC\n" if chinese and args[0] == ":lang=zh" else ""

    monkeypatch.setattr(doctor, "fc_list", fc_list)
    monkeypatch.delenv("EDITION_SCHEMA_DIR", raising=False)


def codes(diagnostics):
    return [(d.code, d.severity) for d in diagnostics]


def test_the_list_names_each_package_once_with_a_known_need_and_probe():
    packages = doctor.system_packages()
    names = [p.name for p in packages]
    assert len(names) == len(set(names))
    assert {"libpango-1.0-0", "fonts-noto-core", "fonts-noto-cjk", "chromium"} <= set(names)
    assert {p.probe.split(":")[0] for p in packages} <= {"lib", "font", "lang", "cmd"}
    assert all(p.purpose for p in packages)


def test_system_deps_sh_installs_what_the_list_names(tmp_path):
    """The script reads the same file: a fake dpkg-query records what it is asked about."""
    asked = tmp_path / "asked"
    fake = tmp_path / "bin" / "dpkg-query"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\nfor a; do last="$a"; done\necho "$last" >> {asked}\nprintf "install ok installed"\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    for flag, needs in (([], {"build", "optional"}), (["--test"], {"build", "optional", "test"})):
        asked.unlink(missing_ok=True)
        subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh"), *flag], env=env, check=True, timeout=60)
        assert asked.read_text().split() == [p.name for p in doctor.system_packages() if p.need in needs]


def test_a_complete_machine_gives_nothing(monkeypatch):
    machine(monkeypatch)
    assert doctor.check(tests=True) == []


def test_a_missing_library_is_an_error_with_the_apt_get_line(monkeypatch):
    machine(monkeypatch, libraries=("pangoft2-1.0", "harfbuzz-subset"))
    found = doctor.check()
    assert codes(found) == [("doctor.missing-package", "error"), ("doctor.install", "info")]
    assert "libpango-1.0-0" in found[0].message and "pango-1.0" in found[0].message
    assert found[1].message.endswith("apt-get install --no-install-recommends libpango-1.0-0")


def test_missing_fonts_are_found_through_fontconfig(monkeypatch):
    machine(monkeypatch, fonts="DejaVu Serif\n", chinese=False)
    found = doctor.check()
    assert codes(found) == [("doctor.missing-package", "error"), ("doctor.missing-package", "warning"),
                            ("doctor.install", "info")]
    assert "fonts-noto-core" in found[0].message and "NotoSerif" in found[0].message
    assert "fonts-noto-cjk" in found[1].message  # optional: only the Chinese forms of names are left out
    assert found[2].message.endswith("fonts-noto-core fonts-noto-cjk")


def test_without_fc_list_the_fonts_cannot_be_checked(monkeypatch):
    machine(monkeypatch, fontconfig=False)
    found = doctor.check()
    assert codes(found) == [("doctor.cannot-check", "warning")] * 3
    assert all("fontconfig" in d.message for d in found)


def test_what_the_tests_need_is_checked_only_when_asked(monkeypatch):
    machine(monkeypatch, programs=("pdftotext", "java"))
    assert doctor.check() == []
    found = doctor.check(tests=True)
    assert codes(found) == [("doctor.missing-package", "warning"), ("doctor.install", "info")]
    assert found[-1].message.endswith("chromium")


def test_without_java_foreign_files_are_checked_by_libxml2_and_doctor_says_so(monkeypatch):
    machine(monkeypatch, programs=("pdftotext", "chromium"))
    found = doctor.check()
    assert codes(found) == [("doctor.missing-package", "warning"), ("doctor.install", "info")]
    assert "openjdk-17-jre-headless" in found[0].message and "jing" in found[0].message


def test_a_missing_python_dependency_and_missing_package_data_are_errors(monkeypatch, tmp_path):
    machine(monkeypatch)
    monkeypatch.setitem(doctor.PYTHON_MODULES, "edition_no_such_module", "no-such-dist")
    monkeypatch.setattr(doctor, "RESOURCES", doctor.RESOURCES + ("xslt/no-such.xsl",))
    monkeypatch.setenv("EDITION_SCHEMA_DIR", str(tmp_path))
    found = doctor.check()
    assert codes(found) == [("doctor.missing-python-package", "error")] + [("doctor.missing-resource", "error")] * 5
    assert "no-such-dist" in found[0].message
    assert found[1].file.endswith("no-such.xsl")
    assert {Path(d.file).name for d in found[2:]} == set(doctor.SCHEMA_FILES)
    assert all("EDITION_SCHEMA_DIR" in d.message for d in found[2:])


def test_the_real_probes():
    assert doctor.library_found("c")
    assert not doctor.library_found("edition-no-such-library")
    assert doctor.program_found("sh")
    assert not doctor.program_found("edition-no-such-program")


def test_install_command_uses_sudo_only_when_not_root(monkeypatch):
    monkeypatch.setattr(doctor.os, "geteuid", lambda: 1000)
    assert doctor.install_command(["a", "b"]) == "sudo apt-get install --no-install-recommends a b"
    monkeypatch.setattr(doctor.os, "geteuid", lambda: 0)
    assert doctor.install_command(["a"]) == "apt-get install --no-install-recommends a"


@pytest.mark.parametrize("line", ["pkg sometimes lib:x what", "pkg build nocolon what"])
def test_a_malformed_line_is_refused(tmp_path, line):
    path = tmp_path / "list.txt"
    path.write_text(f"# comment\n\n{line}\n")
    with pytest.raises(ValueError, match="list.txt:3"):
        doctor.system_packages(path)
