"""The entity index: every name lookup of the edition, built once per registers object.

Readers (titles, attendance lines, speaker labels, signatures, the place of a meeting),
the people finder, the entity tagger, its review and the aligner all ask this one index,
so a name is the same entity wherever it is read: "СТАЛИНА" in the genitive of a Russian
title is ``stalin`` as "Stalin" is in the English one. Get it as ``registers.index``.

- ``find(text)``: every name in running text (``Match``: start, end, kind, ref; the rules
  are the matcher's, ``edition/entities/matcher.py``: Russian case forms from pymorphy3,
  names capitalised, abbreviations in capitals only, the longest name first).
- ``ids(text, kind)``: the ids of one kind named in a text, in order of first mention.
- ``resolve(label, kind)``: the id whose name the label wholly is (a speaker label in
  capitals, a signature, a name in a list), or None.
- ``setting(text)``: the city a text names (a register place of ``type="city"``).
- ``archive_city(repository)``: where an archive is, from its register entry
  (``<org type="archive">`` with ``<location><settlement>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .matcher import Match, NameMatcher

if TYPE_CHECKING:
    from ..registers import Entity, Registers

TEI = "{http://www.tei-c.org/ns/1.0}"
# What may stand around a label that is wholly one name ('STALIN:', '(Сталин)', 'Molotov.').
LABEL_EDGES = " \t\n.,:;!?'’\"«»“”()[]"


class EntityIndex:
    def __init__(self, registers: Registers, matcher: NameMatcher | None = None):
        """``matcher``: one already built for these registers (``NameMatcher.from_state``: the build's cache)."""
        self.registers = registers
        self._matcher = matcher or NameMatcher(registers)

    def find(self, text: str) -> list[Match]:
        """Register names in ``text``, non-overlapping, in order. A match flagged ``ambiguous`` (a name that is
        also a word, at the start of a sentence) is no mention; callers that link leave it alone."""
        return self._matcher.find(text)

    def ids(self, text: str, kind: str = "person") -> list[str]:
        """Ids of the entities of this kind named in ``text``, in order of first mention."""
        return list(dict.fromkeys(m.ref for m in self.find(text) if m.kind == kind and not m.ambiguous))

    def resolve(self, label: str, kind: str = "person") -> str | None:
        """The id of the entity of this kind that ``label`` wholly names, or None.

        A name as the registers write it, in any case and spacing ("MAO ZEDONG", "Mao Tse-tung"), or an
        inflected Russian form of one ("СТАЛИНА", "Вышинскому"); punctuation around the label does not count.
        A label holding anything more than one name (a sentence, two names, a title with a name) is None."""
        from ..registers import normalise_name

        key = normalise_name(label)
        if not key:
            return None
        owner = self.registers.name_keys.get(key)
        if owner is not None:
            return owner if self.registers.entities[owner].kind == kind else None
        text = label.strip(LABEL_EDGES)
        matches = self.find(text)
        if len(matches) != 1:
            return None
        match = matches[0]
        whole = not text[:match.start].strip(LABEL_EDGES) and not text[match.end:].strip(LABEL_EDGES)
        return match.ref if whole and match.kind == kind and not match.ambiguous else None

    def setting(self, text: str) -> Entity | None:
        """The first city (a place entry of ``type="city"``) ``text`` names: where a meeting took place."""
        for match in self.find(text):
            entity = self.registers.entities[match.ref]
            if match.kind == "place" and not match.ambiguous and entity.element.get("type") == "city":
                return entity
        return None

    def archive_city(self, repository: str) -> str | None:
        """The city of the archive ``repository`` names ('RGASPI', 'АП РФ', 'Archive of the President, Russian
        Federation (APRF)'): the settlement of its register entry, or None for an archive the registers do not
        place."""
        refs = [m.ref for m in self.find(repository) if m.kind == "org" and not m.ambiguous]
        whole = self.resolve(repository, "org")
        for ref in ([whole] if whole else []) + refs:
            settlement = self.registers.entities[ref].element.find(f"{TEI}location/{TEI}settlement")
            if settlement is not None and (settlement.text or "").strip():
                return " ".join(settlement.text.split())
        return None
