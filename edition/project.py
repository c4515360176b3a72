"""An edition project: the folder holding ``edition.toml``, and everything that file names.

Why a project file (Sphinx's ``conf.py`` is the model): every command must work from any
folder inside an edition, and an installed ``edition`` knows nothing of this repository.
``edition.toml`` holds the edition's metadata (title, editors, publisher, licence,
languages) and, in ``[paths]``, where its parts are, relative to the file:

    [paths]
    transcripts = "seeds"                # *.txt, exactly as received
    registers   = "seeds/registers"      # persons.xml, places.xml, orgs.xml
    meta        = "seeds/meta"           # <transcript stem>.toml: what a transcript does not say
    alignment   = "seeds/alignment"      # <conversation>.toml: the editor's locked alignment links
    mentions    = "seeds/registers/mentions.toml"   # decisions for ambiguous mentions
    not_names   = "seeds/registers/not-names.txt"   # capitalised words that are no names
    output      = "build"                # tei/, html/, pdf/, schema/

and, in ``[site]``, where the web edition is published (``url = "https://…/"``: the pages' permanent
URLs in their citations and the site's ``sitemap.xml``; without it, ``[exchange] base_url`` when set).

Every path has a default (the layout above), so a project file may name none of them.
Commands find the project by walking up from the working directory, or take ``--project``.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

from .errors import Diagnostic, EditionError
from .metadata import EditionMeta, edition_meta_from

CONFIG_NAME = "edition.toml"


@dataclass(frozen=True)
class ProjectPaths:
    """Where a project's parts are; absolute, resolved against the folder of ``edition.toml``."""

    transcripts: Path
    registers: Path
    meta: Path
    alignment: Path
    mentions: Path
    not_names: Path
    output: Path

    DEFAULTS = {"transcripts": "seeds", "registers": "seeds/registers", "meta": "seeds/meta",
                "alignment": "seeds/alignment", "mentions": "{registers}/mentions.toml",
                "not_names": "{registers}/not-names.txt", "output": "build"}

    @classmethod
    def from_table(cls, table: dict, root: Path, config: Path) -> "ProjectPaths":
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(table) - set(names))
        if unknown:
            raise EditionError(Diagnostic("project.unknown-path", "error",
                                          f"unknown key(s) {', '.join(unknown)} in [paths]; known: {', '.join(names)}",
                                          str(config)))
        values: dict[str, Path] = {}
        for name in names:  # registers before mentions and not_names, which default to files inside it
            given = table.get(name, cls.DEFAULTS[name])
            if not isinstance(given, str) or not given.strip():
                raise EditionError(Diagnostic("project.bad-path", "error",
                                              f"[paths] {name} must be a non-empty string (a path relative to "
                                              f"{CONFIG_NAME})", str(config)))
            given = given.replace("{registers}", str(values.get("registers", root)))
            values[name] = (root / given).resolve()
        return cls(**values)


@dataclass
class Project:
    """One edition: its metadata and paths. Registers and editor decisions are loaded on first use."""

    root: Path
    config: Path | None
    meta: EditionMeta
    paths: ProjectPaths
    standalone: bool = False  # no edition.toml: a file converted on its own, with no registers
    exchange_table: dict | None = None  # [exchange]: base_url, schema_url (see edition.exchange)
    site_table: dict | None = None  # [site]: url (where the web edition is published), names_per_entry
    print_table: dict | None = None  # [print]: layout, facing (the printed edition; edition.publish.pdf)

    @classmethod
    def load(cls, config: Path) -> "Project":
        """The project whose ``edition.toml`` is ``config``."""
        config = Path(config).resolve()
        data = _read_toml(config)
        table = data.pop("paths", {})
        exchange = data.pop("exchange", None)
        site = data.pop("site", None)
        printed = data.pop("print", None)
        if not isinstance(table, dict):
            raise EditionError(Diagnostic("project.bad-path", "error", "[paths] must be a table", str(config)))
        project = cls(config.parent, config, edition_meta_from(data, config),
                      ProjectPaths.from_table(table, config.parent, config), exchange_table=exchange,
                      site_table=site, print_table=printed)
        project.exchange, project.site_url, project.names_per_entry, project.print_options  # checked now, like the rest
        return project

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project containing ``start`` (default: the working directory), found by walking up to the first
        folder with an ``edition.toml``; ``start`` may also be that file or a project folder."""
        start = Path(start or Path.cwd()).resolve()
        if start.is_file():
            return cls.load(start)
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls.load(folder / CONFIG_NAME)
        raise EditionError(Diagnostic(
            "project.missing", "error",
            f"no {CONFIG_NAME} here or in any folder above; run the command inside an edition, give --project DIR, "
            f"or start one with 'edition init DIR'", str(start)))

    @classmethod
    def standalone_in(cls, folder: Path) -> "Project":
        """For converting a file outside any edition: the template's metadata, no registers, output in ``folder``.
        Every name is then kept as written (a local id), which the warning the caller gives says."""
        from .scaffold import TEMPLATE, filled

        template = TEMPLATE / CONFIG_NAME
        data = tomllib.loads(filled(CONFIG_NAME, template.read_bytes(), "Edition").decode("utf-8"))
        data.pop("paths")
        folder = Path(folder).resolve()
        nowhere = folder / ".edition-no-registers"
        paths = ProjectPaths(transcripts=folder, registers=nowhere, meta=nowhere, alignment=nowhere,
                             mentions=nowhere, not_names=nowhere, output=folder / "build")
        return cls(folder, None, edition_meta_from(data, template), paths, standalone=True)

    @classmethod
    def find_optional(cls, start: Path | None = None) -> "Project | None":
        """The project around ``start`` if there is one: commands that read only TEI work without."""
        try:
            return cls.find(start)
        except EditionError as exc:
            if exc.diagnostic.code == "project.missing":
                return None
            raise

    def with_paths(self, **overrides: Path | None) -> "Project":
        """The same project with some paths replaced (a command's --registers, --meta, --out)."""
        given = {k: Path(v).resolve() for k, v in overrides.items() if v is not None}
        return dataclasses.replace(self, paths=dataclasses.replace(self.paths, **given)) if given else self

    def relative(self, path: Path) -> str:
        """``path`` as an editor would type it from the project's root (absolute when outside)."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def transcripts(self) -> list[Path]:
        """The edition's transcripts, in name order."""
        return sorted(self.paths.transcripts.glob("*.txt"))

    @cached_property
    def registers(self):
        """The authority registers (persons, places, orgs), validated on load."""
        from .registers import Registers

        path = self.paths.registers
        if self.standalone and not path.exists():
            return Registers([])
        if not path.exists():
            raise EditionError(Diagnostic("register.missing", "error",
                                          f"no registers here (the project's [paths] registers; create "
                                          f"persons.xml, places.xml and orgs.xml, or run 'edition init')", str(path)))
        return Registers.load(path)

    @cached_property
    def decisions(self) -> list:
        """The editor's decisions for ambiguous mentions ([paths] mentions), empty when there is no file."""
        from .entities.decisions import load_decisions

        return load_decisions(self.paths.mentions, self.registers)

    @cached_property
    def not_names(self) -> set[str]:
        from .entities.report import load_not_names

        return load_not_names(self.paths.not_names)

    @cached_property
    def exchange(self):
        """Where the edition lives, for its exchange package (edition.exchange.ExchangeConfig)."""
        from .exchange import ExchangeConfig

        return ExchangeConfig.from_table(self.exchange_table, self.config)

    @cached_property
    def site_url(self) -> str:
        """Where the web edition is published, ending in "/" (``[site] url``, else an explicit ``[exchange]
        base_url``); "" when edition.toml says neither (then pages have no permanent URL and no sitemap)."""
        table = self._site()
        url = table.get("url")
        if url is None:
            return "" if self.exchange.defaulted else self.exchange.base_url
        if not isinstance(url, str) or not re.fullmatch(r"https?://[^\s/?#<>\"]+(/[^\s?#<>\"]*)?", url.strip()):
            raise EditionError(Diagnostic("project.bad-site", "error", f"[site] url must be an http(s) address "
                                          f"without query or fragment, e.g. \"https://edition.example.org/\"; got "
                                          f"{url!r}", str(self.config)))
        url = url.strip()
        return url if url.endswith("/") else url + "/"

    def _site(self) -> dict:
        """The ``[site]`` table, checked for its keys."""
        table = self.site_table if self.site_table is not None else {}
        if not isinstance(table, dict) or set(table) - {"url", "names_per_entry"}:
            raise EditionError(Diagnostic("project.bad-site", "error", "[site] takes url (where the web edition is "
                                          "published, e.g. url = \"https://edition.example.org/\") and "
                                          "names_per_entry (a number)", str(self.config)))
        return table

    @cached_property
    def names_per_entry(self) -> int | None:
        """How many conversations an entry of the index of names lists (``[site] names_per_entry``; more are
        listed on the entity's own page; 0: all of them); None when edition.toml does not say (the builder's
        default)."""
        value = self._site().get("names_per_entry")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise EditionError(Diagnostic("project.bad-site", "error", f"[site] names_per_entry must be a whole "
                                          f"number, 0 or more (0: every conversation in names.html); got {value!r}",
                                          str(self.config)))
        return value

    @cached_property
    def print_options(self):
        """How the printed edition is laid out (``[print]``: edition.publish.pdf.PrintOptions)."""
        from .publish.pdf import PrintOptions

        return PrintOptions.from_table(self.print_table, self.config)

    def with_print(self, layout: str | None = None, facing: tuple[str, ...] = ()) -> "Project":
        """The same project with the print layout or the facing translation chosen on the command line."""
        table = dict(self.print_table or {})
        if layout:
            table["layout"] = layout
        if facing:
            table["facing"] = list(facing)
        if table == (self.print_table or {}):
            return self
        changed = dataclasses.replace(self, print_table=table)
        changed.__dict__.pop("print_options", None)
        changed.print_options  # checked now
        return changed

    def meta_dir(self) -> Path | None:
        return self.paths.meta if self.paths.meta.is_dir() else None

    def alignment_dir(self) -> Path | None:
        return self.paths.alignment if self.paths.alignment.is_dir() else None


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise EditionError(Diagnostic("project.missing", "error", f"no such project file", str(path))) from None
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(Diagnostic("project.syntax", "error", str(exc), str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError(Diagnostic("project.unreadable", "error", str(exc), str(path))) from None
