"""The project's RELAX NG schema read back into Python: one model per define.

Why: libxml2 decides validity, but its messages do not say what *would* be valid. Reading
the same edition.rng that libxml2 compiles (not a separate description) lets the explainer
say "expected one of: publisher" or "@type must be one of: record, point, ...". Only the
RELAX NG that schema/generate.py writes is understood: each define holds one element whose
content is text, empty, or a regular expression of refs (optionally mixed with text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from . import datatypes

RNG = "{http://relaxng.org/ns/structure/1.0}"
XML_NS = "http://www.w3.org/XML/1998/namespace"


class Automaton:
    """A Thompson NFA over child element names (epsilon moves + labelled moves)."""

    def __init__(self) -> None:
        self.moves: list[dict[str, set[int]]] = []
        self.eps: list[set[int]] = []
        self.start = self.accept = 0

    def state(self) -> int:
        self.moves.append({})
        self.eps.append(set())
        return len(self.moves) - 1

    def closure(self, states: set[int]) -> set[int]:
        todo, seen = list(states), set(states)
        while todo:
            for nxt in self.eps[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    def initial(self) -> set[int]:
        return self.closure({self.start})

    def step(self, states: set[int], symbol: str) -> set[int]:
        return self.closure({t for s in states for t in self.moves[s].get(symbol, ())})

    def expected(self, states: set[int]) -> list[str]:
        return sorted({symbol for s in states for symbol in self.moves[s]})

    def accepts(self, states: set[int]) -> bool:
        return self.accept in states


@dataclass
class AttributeModel:
    name: str  # as written: "type", "xml:lang"
    required: bool
    check: Callable[[str], bool]
    describe: str
    values: list[str] = field(default_factory=list)
    datatype: str | None = None  # the define of a named datatype ("dt.temporal"), None for an inline list
    unique: bool = False  # an xs:ID: no two elements may have the same value


@dataclass
class ElementModel:
    define: str
    name: str
    content: str  # "text" | "empty" | "mixed" | "elements"
    attributes: dict[str, AttributeModel]  # by Clark name
    children: dict[str, str]  # child local name -> define
    automaton: Automaton


def _kids(el: etree._Element) -> list[etree._Element]:
    return [k for k in el if isinstance(k.tag, str) and k.tag.startswith(RNG)]


ANNOTATION = "{http://relaxng.org/ns/compatibility/annotations/1.0}documentation"


Check = tuple[Callable[[str], bool], str, list[str]]


def _value_check(node: etree._Element, types: dict[str, etree._Element]) -> Check:
    """(check, description, listed values) for an attribute's value pattern; ``types``: datatype defines."""
    tag = node.tag[len(RNG):]
    if tag == "ref":
        define = types[node.get("name")]
        check, describe, values = _value_check(_kids(define)[0], types)
        return check, define.findtext(ANNOTATION) or describe, values
    if tag == "value":
        return (lambda v, t=node.text or "": " ".join(v.split()) == t), repr(node.text), [node.text or ""]
    if tag == "data":
        param = node.find(f"{RNG}param[@name='pattern']")
        base = node.get("type")
        if param is not None:
            return datatypes.pattern_check(base, param.text), f"{datatypes.DESCRIPTIONS.get(base, base)} " \
                                                                 f"matching {param.text}", []
        return datatypes.builtin(base), datatypes.DESCRIPTIONS.get(base, base), []
    if tag == "list":  # n items, then oneOrMore of the same: at least n + 1 (schema/generate.py writes no other)
        kids = _kids(node)
        repeated = kids[-1] if kids[-1].tag == f"{RNG}oneOrMore" else None
        item, describe, _ = _value_check(_kids(repeated)[0] if repeated is not None else kids[-1], types)
        fewest = len(kids)
        return (lambda v: len(v.split()) >= fewest and (repeated is not None or len(v.split()) == fewest)
                and all(item(t) for t in v.split())), f"{fewest} or more (space-separated) of {describe}", []
    if tag == "choice":
        parts = [_value_check(k, types) for k in _kids(node)]
        values = [v for _, _, vs in parts for v in vs]
        describe = ("one of: " + ", ".join(values)) if len(values) == len(parts) else \
            " or ".join(d for _, d, _ in parts)
        return (lambda v: any(check(v) for check, _, _ in parts)), describe, values
    raise ValueError(f"unexpected {tag} in an attribute of the schema")


def _attributes(element: etree._Element, types: dict[str, etree._Element]) -> dict[str, AttributeModel]:
    found: dict[str, AttributeModel] = {}
    for attr in element.iter(f"{RNG}attribute"):
        name = attr.get("name")
        clark = f"{{{XML_NS}}}{name[4:]}" if name.startswith("xml:") else name
        pattern = _kids(attr)[0]
        check, describe, values = _value_check(pattern, types)
        required = attr.getparent().tag != f"{RNG}optional"
        datatype = pattern.get("name") if pattern.tag == f"{RNG}ref" else None
        unique = datatype is not None and types[datatype].find(f"{RNG}data[@type='ID']") is not None
        found[clark] = AttributeModel(name, required, check, describe, values, datatype, unique)
    return found


def _build(auto: Automaton, node: etree._Element, names: dict[str, str], start: int) -> int:
    """Add ``node`` to the automaton from state ``start``; return the end state."""
    tag = node.tag[len(RNG):]
    if tag == "ref":
        end = auto.state()
        auto.moves[start].setdefault(names[node.get("name")], set()).add(end)
        return end
    if tag in ("group", "mixed"):
        for child in _kids(node):
            start = _build(auto, child, names, start)
        return start
    if tag == "choice":
        end = auto.state()
        for child in _kids(node):
            auto.eps[_build(auto, child, names, start)].add(end)
        return end
    if tag in ("optional", "zeroOrMore", "oneOrMore"):
        inner_start = auto.state()
        auto.eps[start].add(inner_start)
        inner_end = inner_start
        for child in _kids(node):
            inner_end = _build(auto, child, names, inner_end)
        end = auto.state()
        auto.eps[inner_end].add(end)
        if tag != "oneOrMore":
            auto.eps[start].add(end)
        if tag != "optional":
            auto.eps[inner_end].add(inner_start)
        return end
    if tag in ("text", "empty", "attribute"):
        return start
    raise ValueError(f"unexpected {tag} in a content model of the schema")


def _refs(node: etree._Element) -> list[str]:
    return [r.get("name") for r in node.iter(f"{RNG}ref")]


@lru_cache(maxsize=4)
def load_models(path: Path) -> tuple[str, dict[str, ElementModel]]:
    """(start define, models by define name) for a schema written by schema/generate.py."""
    grammar = etree.parse(str(path), etree.XMLParser(collect_ids=False, no_network=True)).getroot()
    defines = {d.get("name"): d.find(f"{RNG}element") for d in grammar.findall(f"{RNG}define")
               if d.find(f"{RNG}element") is not None}
    types = {d.get("name"): d for d in grammar.findall(f"{RNG}define") if d.find(f"{RNG}element") is None}
    names = {name: el.get("name") for name, el in defines.items()}
    models: dict[str, ElementModel] = {}
    for define, element in defines.items():
        content = [k for k in _kids(element) if k.tag != f"{RNG}attribute"
                   and not (k.tag == f"{RNG}optional" and k.find(f"{RNG}attribute") is not None)]
        kind = "mixed" if any(k.tag == f"{RNG}mixed" for k in content) else \
            content[0].tag[len(RNG):] if content and content[0].tag in (f"{RNG}text", f"{RNG}empty") else "elements"
        auto = Automaton()
        auto.start = end = auto.state()
        for node in content:
            end = _build(auto, node, names, end)
        auto.accept = end
        children = {names[r]: r for node in content for r in _refs(node)}
        models[define] = ElementModel(define, names[define], kind, _attributes(element, types), children, auto)
    start = grammar.find(f"{RNG}start/{RNG}ref").get("name")
    return start, models
