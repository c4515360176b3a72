"""Authority registers (TEI listPerson etc. under seeds/registers/) and name lookup.

Names are compared after normalisation (case, ё/е, hyphens, dots and spacing do not
matter), so "Мао Цзэ-дун", "MAO ZEDONG" and "Mao Zedong" all find the same entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic, EditionError
from .xmlsafe import parse_xml

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def normalise_name(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[\s\-‐.,'’]+", " ", text)
    return text.strip()


@dataclass
class Person:
    id: str
    preferred: dict[str, str]
    variants: list[str] = field(default_factory=list)

    def name(self, lang: str) -> str:
        return self.preferred.get(lang) or self.preferred.get("en") or self.id


class PersonRegister:
    def __init__(self, persons: list[Person], source: str = "<register>"):
        self.persons = {p.id: p for p in persons}
        self.source = source
        self._by_key: dict[str, str] = {}
        for person in persons:
            for variant in [*person.preferred.values(), *person.variants]:
                key = normalise_name(variant)
                owner = self._by_key.setdefault(key, person.id)
                if owner != person.id:
                    raise EditionError(Diagnostic(
                        "register.variant-conflict", "error",
                        f"name '{variant}' is claimed by both '{owner}' and '{person.id}'", source))
        keys = sorted(self._by_key, key=len, reverse=True)
        self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)") if keys else None

    @classmethod
    def load(cls, path: Path) -> "PersonRegister":
        tree = parse_xml(path)
        persons: list[Person] = []
        seen: dict[str, int] = {}
        for el in tree.iter(f"{{{TEI}}}person"):
            pid = el.get(XML_ID)
            if not pid:
                raise EditionError(Diagnostic("register.missing-id", "error", "person without xml:id", str(path), el.sourceline))
            if pid in seen:
                raise EditionError(Diagnostic("register.duplicate-id", "error",
                                              f"duplicate id '{pid}' (first on line {seen[pid]})", str(path), el.sourceline))
            seen[pid] = el.sourceline
            preferred: dict[str, str] = {}
            variants: list[str] = []
            for name in el.iter(f"{{{TEI}}}persName"):
                text = " ".join("".join(name.itertext()).split())
                if not text:
                    raise EditionError(Diagnostic("register.empty-name", "error", f"empty persName in '{pid}'",
                                                  str(path), name.sourceline))
                if name.get("type") == "preferred":
                    preferred[name.get(XML_LANG, "en")] = text
                else:
                    variants.append(text)
            persons.append(Person(pid, preferred, variants))
        return cls(persons, str(path))

    def resolve(self, label: str) -> str | None:
        """The person id for a name as printed, or None."""
        return self._by_key.get(normalise_name(label))

    def find_all(self, text: str) -> list[str]:
        """Ids of all register persons named in ``text``, in order of first mention."""
        if not self._pattern:
            return []
        found: list[str] = []
        for match in self._pattern.finditer(normalise_name(text)):
            pid = self._by_key[match.group(1)]
            if pid not in found:
                found.append(pid)
        return found
