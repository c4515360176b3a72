"""edition/resources.py: package data as real paths, from a directory or (extracted) from a zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

from edition import resources


def test_an_installed_package_gives_its_own_directory():
    assert resources.package_dir() == Path(resources.__file__).parent
    assert (resources.xslt_dir() / "html.xsl").is_file()
    assert (resources.xslt_dir() / "common" / "text.xsl").is_file()
    assert {p.name for p in resources.schema_dir().iterdir()} >= {"edition.rng", "edition.xsd", "xml.xsd",
                                                                  "edition.sch"}


def test_a_package_in_a_zip_is_extracted_with_its_folders(monkeypatch, tmp_path):
    archive = tmp_path / "edition.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("edition/__init__.py", "")
        z.writestr("edition/xslt/html.xsl", "<x/>")
        z.writestr("edition/xslt/common/text.xsl", "<y/>")
        z.writestr("edition/schema/edition.rng", "<z/>")
        z.writestr("edition/system-packages.txt", "# none\n")
        z.writestr("edition/readers/__init__.py", "")
    monkeypatch.setattr(resources, "files", lambda package: zipfile.Path(archive, "edition/"))
    resources.package_dir.cache_clear()
    try:
        root = resources.package_dir()
        assert root != Path(resources.__file__).parent
        assert (resources.xslt_dir() / "common" / "text.xsl").read_text() == "<y/>"
        assert (resources.resource("schema", "edition.rng")).read_text() == "<z/>"
        assert resources.resource("system-packages.txt").is_file()
        assert not (root / "__init__.py").exists() and not (root / "readers").exists()  # modules stay in the zip
    finally:
        monkeypatch.undo()
        resources.package_dir.cache_clear()
    assert resources.package_dir() == Path(resources.__file__).parent
