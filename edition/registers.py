"""Authority registers (TEI lists in the project's [paths] registers folder).

``persons.xml`` (listPerson), ``places.xml`` (listPlace) and ``orgs.xml`` (listOrg):
one entry per real-world entity with a stable xml:id, preferred names per language
and every variant seen. Names are compared after normalisation (case, ё/е, hyphens,
dots and spacing do not matter), so "Мао Цзэ-дун", "MAO ZEDONG" and "Mao Zedong"
find the same entry. Names are looked up in text through ``Registers.index``, the one entity
index (``edition/entities/index.py``: Russian case forms from pymorphy3, any case).

A register with a duplicate id, an entry without names, or a variant claimed by two
entities is refused with a located error.
"""

from __future__ import annotations

import functools
import io
import pickle
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import Diagnostic, EditionError
from .xmlsafe import parse_xml

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Kind:
    name: str  # "person"
    entry: str  # TEI element of an entry: person
    name_tag: str  # TEI element of its names: persName
    file: str  # register file name


KINDS = {k.name: k for k in (Kind("person", "person", "persName", "persons.xml"),
                             Kind("place", "place", "placeName", "places.xml"),
                             Kind("org", "org", "orgName", "orgs.xml"))}


def normalise_name(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[\s\-‐.,'’/]+", " ", text)
    return text.strip()


def local_person_id(name: str) -> str:
    """The id of a person the registers do not know, made from the name as written ('p-wang-ruofei')."""
    return "p-" + re.sub(r"\W+", "-", name.casefold()).strip("-")


def local_person_name(pid: str) -> str:
    """A readable name back from a local id, for when the written form is not at hand."""
    return pid.removeprefix("p-").replace("-", " ").title()


@dataclass
class Name:
    text: str
    lang: str
    type: str  # "preferred" | "variant" | ...
    subtype: str | None = None


@dataclass
class Entity:
    id: str
    kind: str
    names: list[Name]
    element: etree._Element = field(repr=False)
    source: str = ""
    line: int | None = None

    @property
    def preferred(self) -> dict[str, str]:
        return {n.lang: n.text for n in self.names if n.type == "preferred"}

    @property
    def variants(self) -> list[str]:
        return [n.text for n in self.names if n.type != "preferred"]

    def name(self, lang: str) -> str:
        return self.preferred.get(lang) or self.preferred.get("en") or (self.names[0].text if self.names else self.id)

    @property
    def wikidata(self) -> str | None:
        for idno in self.element.iter(f"{{{TEI}}}idno"):
            if idno.get("type") == "wikidata" and idno.text:
                return idno.text.strip()
        return None


class Registers:
    """All entities of the edition; ``persons`` keeps the person entries by id, ``name_keys`` every normalised name
    with the id of the one entity it belongs to (a name claimed twice is refused), ``index`` the entity index that
    every name lookup goes through."""

    def __init__(self, entities: list[Entity]):
        self.entities: dict[str, Entity] = {}
        for entity in entities:
            if entity.id in self.entities:
                first = self.entities[entity.id]
                raise EditionError(Diagnostic("register.duplicate-id", "error",
                                              f"duplicate id '{entity.id}' (also in {first.source}:{first.line})",
                                              entity.source, entity.line))
            self.entities[entity.id] = entity
        self.persons = {i: e for i, e in self.entities.items() if e.kind == "person"}
        # every name, normalised, to its one owner (over the three kinds: a name belongs to one entity)
        self.name_keys: dict[str, str] = {}
        for entity in entities:
            for name in entity.names:
                key = normalise_name(name.text)
                owner = self.name_keys.get(key)
                if owner and owner != entity.id:
                    raise EditionError(Diagnostic(
                        "register.variant-conflict", "error",
                        f"name '{name.text}' is claimed by both '{owner}' and '{entity.id}'", entity.source, entity.line))
                self.name_keys[key] = entity.id
        self._index = None
        # where a build keeps the entity index between builds (``IndexCache``); None: built every time
        self.index_cache: IndexCache | None = None

    @classmethod
    def load(cls, path: Path) -> "Registers":
        """Load a register directory (persons.xml, places.xml, orgs.xml) or a single register file, each checked
        against the registers' own profile (edition/schema/registers.rng) and for names that are common words."""
        files = [path] if path.is_file() else [path / k.file for k in KINDS.values() if (path / k.file).exists()]
        if not files:
            raise EditionError(Diagnostic("register.missing", "error", "no register files here", str(path)))
        if path.is_dir() and not (path / KINDS["person"].file).exists():
            raise EditionError(Diagnostic("register.no-persons", "error",
                                          f"no {KINDS['person'].file} here: no participant could be identified; "
                                          "add one (edition init makes one with an example entry)", str(path)))
        return cls([entity for file in files for entity in _read_entities(file)])

    @property
    def index(self):
        """The one entity index over these registers (``edition.entities.index.EntityIndex``): every name lookup
        of readers, tagger and aligner goes through it. Built once, on first use (pymorphy3 forms are costly)."""
        if self._index is None:
            from .entities.index import EntityIndex
            from .entities.matcher import NameMatcher

            state = self.index_cache.load() if self.index_cache is not None else None
            if state is not None:
                self._index = EntityIndex(self, NameMatcher.from_state(state))
            else:
                self._index = EntityIndex(self)
                if self.index_cache is not None:
                    self.index_cache.save(self._index._matcher.state())
        return self._index


class _PlainUnpickler(pickle.Unpickler):
    """Plain values only (str, numbers, tuples, lists, dicts, sets): a file put into the cache cannot run code."""

    def find_class(self, module: str, name: str):
        if (module, name) in {("builtins", "frozenset"), ("builtins", "set")}:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a plain value")


@dataclass
class IndexCache:
    """The entity index of one set of registers kept by a build (in its output's cache, ``.edition-cache``):
    ``key`` names the registers' files, the tool's code and pymorphy3's dictionaries it was made from; it is read
    from ``saved`` (the last build's) or ``staged`` (this build's, once made), and written to ``staged``."""

    key: str
    saved: Path
    staged: Path

    @property
    def name(self) -> str:
        return f"index-{self.key}.pickle"

    def load(self):
        for folder in (self.staged, self.saved):
            try:
                with open(folder / self.name, "rb") as handle:
                    state = _PlainUnpickler(io.BytesIO(handle.read())).load()
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
                continue
            if isinstance(state, tuple) and len(state) == 3:
                return state
        return None

    def save(self, state) -> None:
        from .outputs import write_atomic

        write_atomic(self.staged / self.name, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


@functools.cache
def _profile() -> etree.RelaxNG:
    from .resources import resource

    return etree.RelaxNG(etree.parse(str(resource("schema", "registers.rng"))))


@functools.cache
def _common_words() -> frozenset[str]:
    from .resources import resource

    with resource("data", "common-words.toml").open("rb") as handle:
        return frozenset(w.casefold() for words in tomllib.load(handle).values() for w in words)


def _check_name(text: str, eid: str, path: Path, line: int | None) -> None:
    """A name that is a common word (or fewer than two letters) would tag every occurrence of it: refused."""
    words = normalise_name(text).split()
    if sum(c.isalpha() for c in text) < 2 or all(w in _common_words() for w in words):
        raise EditionError(Diagnostic("register.common-word", "error",
                                      f"name '{text}' of '{eid}' is a common word: it would mark every '{text}' of the "
                                      "edition as this entry; remove it (or write the fuller name)", str(path), line))


def _read_entities(path: Path) -> list[Entity]:
    tree = parse_xml(path)
    root = tree.getroot()
    if root.tag != f"{{{TEI}}}TEI":
        raise EditionError(Diagnostic("register.not-tei", "error",
                                      f"a register must be a TEI document (root <TEI> in the TEI namespace), not "
                                      f"<{etree.QName(root).localname}>", str(path), root.sourceline))
    entities: list[Entity] = []
    for kind in KINDS.values():
        for el in tree.iter(f"{{{TEI}}}{kind.entry}"):
            eid = el.get(XML_ID)
            if not eid:
                raise EditionError(Diagnostic("register.missing-id", "error", f"{kind.entry} without xml:id",
                                              str(path), el.sourceline))
            names = []
            for name_el in el.iter(f"{{{TEI}}}{kind.name_tag}"):
                text = " ".join("".join(name_el.itertext()).split())
                if not text:
                    raise EditionError(Diagnostic("register.empty-name", "error", f"empty {kind.name_tag} in '{eid}'",
                                                  str(path), name_el.sourceline))
                _check_name(text, eid, path, name_el.sourceline)
                names.append(Name(text, name_el.get(XML_LANG, "en"), name_el.get("type", "variant"),
                                  name_el.get("subtype")))
            if not names:
                raise EditionError(Diagnostic("register.no-names", "error", f"{kind.entry} '{eid}' has no {kind.name_tag}",
                                              str(path), el.sourceline))
            entities.append(Entity(eid, kind.name, names, el, str(path), el.sourceline))
    profile = _profile()
    if not profile.validate(tree):  # the structure: ids that are names, known elements and attributes
        error = profile.error_log.last_error
        raise EditionError(Diagnostic("register.invalid", "error",
                                      f"{_plain(error.message)} (the registers' profile: edition/schema/registers.rng)",
                                      str(path), error.line or None))
    return entities


def _plain(message: str) -> str:
    """libxml2's RELAX NG message in words: 'Element person failed to validate attributes' etc. as they are,
    the datatype of a bad id named."""
    return message.replace("Invalid attribute xml:id", "the xml:id is not a name (letters, digits, '-', '_', '.'; "
                           "no spaces)")


# The readers only need persons; they take the same object.
PersonRegister = Registers
