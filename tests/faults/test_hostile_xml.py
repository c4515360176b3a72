"""Hostile XML is refused by every command that reads XML — with the file named and a code, never a traceback,
never a fetched file or an expanded entity: XXE, a billion laughs, an external DTD, XInclude of /etc/passwd,
deep nesting, a file over the size limit. (One parser for everything: edition/xmlsafe.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.xmlsafe import MAX_XML_BYTES

from ..conftest import ROOT, SEEDS

HEADER = ('<teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt><publicationStmt><p/></publicationStmt>'
          '<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p>{body}</p></body></text>')
TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">' + HEADER + "</TEI>"
LOL = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10))
HOSTILE = {
    "xxe": '<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           + TEI.format(title="&xxe;", body="x"),
    "billion-laughs": f'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY lol1 "lol">{LOL}]>'
                      + TEI.format(title="&lol9;", body="x"),
    "external-dtd": '<?xml version="1.0"?><!DOCTYPE TEI SYSTEM "http://example.com/evil.dtd">'
                    + TEI.format(title="t", body="x"),
    "xinclude": TEI.format(title="t", body='<xi:include href="/etc/passwd" parse="text"/>'),
    "deep": '<TEI xmlns="http://www.tei-c.org/ns/1.0">' + "<div>" * 50_000 + "</div>" * 50_000 + "</TEI>",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    made = {}
    for name, text in HOSTILE.items():
        made[name] = folder / f"{name}.xml"
        made[name].write_text(text, encoding="utf-8")
    made["huge"] = folder / "huge.xml"
    with made["huge"].open("w", encoding="utf-8") as handle:
        handle.write('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>')
        handle.write("<p>x</p>" * (MAX_XML_BYTES // 8 + 1))
        handle.write("</body></text></TEI>")
    return made


def run(*args: str):
    result = CliRunner().invoke(main, [*map(str, args), "--project", str(ROOT)])
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


@pytest.mark.parametrize("name", [*HOSTILE, "huge"])
@pytest.mark.parametrize("command", ["validate", "entities", "align", "convert", "import", "import --xinclude",
                                     "diff"])
def test_every_command_refuses_hostile_xml(files, command, name, tmp_path):
    path = files[name]
    command, *options = command.split()
    extra = ["--out", str(tmp_path / "out")] if command in ("convert", "import") else []
    extra += [str(SEEDS.parent / "tests" / "invalid" / "_base.xml")] if command == "diff" else []
    result = run(command, path, *options, *extra)
    assert result.exit_code in (1, 3), result.output
    assert f"{path}" in result.output and "error" in result.output
    assert "root:" not in result.output and "lollol" not in result.output  # nothing fetched, nothing expanded
    assert not (tmp_path / "out" / path.stem).exists()  # import wrote nothing


@pytest.mark.parametrize("name", [*HOSTILE])
def test_a_hostile_register_is_refused_when_loaded(files, name, tmp_path):
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "persons.xml").write_bytes(files[name].read_bytes())
    result = run("convert", SEEDS / "000_74b08fd92c73bdd2.txt", "--registers", folder, "--out", tmp_path / "out")
    assert result.exit_code in (1, 3) and "persons.xml" in result.output
    assert not (tmp_path / "out").exists()
