"""``edition init``: a new edition's folder, ready for its first transcript.

Why a template in the package (``edition/templates/project``): an installed ``edition`` has no
checkout to copy from, and an editor learns the layout from commented files better than from
docs. The folder made here builds as it is into a valid, empty site and PDF.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

from .errors import Diagnostic, EditionError
from .outputs import write_atomic
from .project import CONFIG_NAME


TEMPLATE = resources.files("edition") / "templates" / "project"


def _template_files() -> list[tuple[str, bytes]]:
    root = TEMPLATE
    found: list[tuple[str, bytes]] = []

    def walk(folder, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif not entry.name.startswith("."):
                found.append((prefix + entry.name, entry.read_bytes()))

    walk(root, "")
    return found


def init_project(folder: Path, title: str | None = None) -> list[Path]:
    """Make a new edition in ``folder`` (created if missing; refused if it already holds an edition or any of
    the files it would write: nothing of an editor's is overwritten). Returns the files written."""
    folder = Path(folder)
    if (folder / CONFIG_NAME).exists():
        raise EditionError(Diagnostic("init.exists", "error", f"there is an edition here already ({CONFIG_NAME})",
                                      str(folder / CONFIG_NAME)))
    files = _template_files()
    in_the_way = [name for name, _ in files if (folder / name).exists()]
    if in_the_way:
        raise EditionError(Diagnostic("init.exists", "error", f"would overwrite {', '.join(in_the_way)}; "
                                      "choose an empty folder", str(folder)))
    title = title or folder.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "Edition"
    written = []
    for name, data in files:
        target = folder / name
        write_atomic(target, filled(name, data, title))
        written.append(target)
    return written


def filled(name: str, data: bytes, title: str) -> bytes:
    """A template file with the edition's title and this year put in (edition.toml's title as a TOML string)."""
    if name not in (CONFIG_NAME, "README.md"):
        return data
    value = json.dumps(title, ensure_ascii=False)[1:-1] if name == CONFIG_NAME else title  # TOML escapes as JSON
    return data.decode("utf-8").replace("{title}", value).replace("{year}", str(dt.date.today().year)).encode("utf-8")
