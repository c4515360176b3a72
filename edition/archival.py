"""Archival references such as 'RGASPI F. 558. Op. 11. D.329. LL. 8-18' split into their parts."""

from __future__ import annotations

import re

from .model import ArchivalRef

_PART = {
    "fond": r"(?:f|fond|ф|фонд)",
    "opis": r"(?:op|opis|оп|опись)",
    "delo": r"(?:d|delo|д|дело)",
    "papka": r"(?:papka|p|п|папка)",
    "folios": r"(?:ll|l|лл|л)",
}
_FIELD = re.compile(
    r"(?<![\w])(?P<kind>" + "|".join(f"(?P<{k}>{v})" for k, v in _PART.items()) + r")\.?\s*"
    r"(?P<value>\d+(?:\s*[-–]\s*\d+)?)(?!\w)", re.I)


def parse_archival(text: str) -> ArchivalRef | None:
    """Split a reference; None if it names no fond (then it is not an archival reference)."""
    fields: dict[str, str] = {}
    first = None
    for m in _FIELD.finditer(text):
        kind = next(k for k in _PART if m.group(k))
        if kind in fields:
            continue
        if first is None:
            first = m.start()
        fields[kind] = re.sub(r"\s+", "", m.group("value"))
    if "fond" not in fields or first is None:
        return None
    repository = text[:first].strip(" ,.;:\u00a0")
    repository = re.sub(r"^.*?,\s*(?=[^,]*$)", "", repository) if repository.count(",") > 1 else repository
    folios = None
    if "folios" in fields:
        a, _, b = fields["folios"].replace("–", "-").partition("-")
        folios = (a, b or a)
    return ArchivalRef(raw=" ".join(text.split()), repository=repository or "unknown", fond=fields.get("fond"),
                       opis=fields.get("opis"), delo=fields.get("delo"), papka=fields.get("papka"), folios=folios)
