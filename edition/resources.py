"""The files that ship inside the package: the stylesheets (``xslt/``) and the project schema (``schema/``).

Saxon and lxml want real files (the stylesheets include each other by relative paths), so
:func:`resource` always gives a filesystem :class:`~pathlib.Path`. An installed wheel or an
editable install is a directory, and ``importlib.resources.files("edition")`` is then that
directory; should the package ever be imported from a zip file, its data files (everything but
the Python modules) are extracted once into a temporary directory that lives as long as the process.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "edition"


@lru_cache(maxsize=1)
def package_dir() -> Path:
    """The package's directory on disk (extracted to a temporary directory if it is not one)."""
    root = files(PACKAGE)
    if isinstance(root, Path):
        return root
    tmp = Path(tempfile.mkdtemp(prefix="edition-resources-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    _extract(root, tmp)
    return tmp


def _extract(node: Traversable, dest: Path) -> None:
    if node.is_dir():
        for child in node.iterdir():
            if child.name != "__pycache__" and not child.name.endswith((".py", ".pyc")):
                _extract(child, dest / child.name)
    elif node.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(node.read_bytes())


def resource(*parts: str) -> Path:
    """A file or directory shipped with the package, e.g. ``resource("xslt", "html.xsl")``."""
    return package_dir().joinpath(*parts)


def xslt_dir() -> Path:
    """The stylesheets, their shared ``common/``, the CSS and the script."""
    return resource("xslt")


def schema_dir() -> Path:
    """The generated project schema (edition.rng, edition.xsd, xml.xsd) and the Schematron rules (edition.sch)."""
    return resource("schema")
