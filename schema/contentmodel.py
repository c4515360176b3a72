"""The content-model syntax of schema/spec.py, parsed; shared by generate.py and the tests.

``parse_content("a b? (c | d)*", macros)`` gives a small tree: ('seq'|'alt', [..]),
('opt'|'star'|'plus', node) or ('ref', definition name). ``check_spec`` catches what would
make the generated schemas wrong: an undefined reference, two definitions of one element
name in one content model (XSD's Element Declarations Consistent), an unknown datatype.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_spec(path: Path = HERE / "spec.py"):
    """Import spec.py by path (schema/ is not a package)."""
    module_spec = importlib.util.spec_from_file_location("edition_schema_spec", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


TOKEN = re.compile(r"\s*([()|?*+]|[A-Za-z][\w.~-]*)")


def parse_content(text: str, macros: dict[str, str]) -> tuple:
    """Parse a content expression into ('seq'|'alt', [..]) / ('opt'|'star'|'plus', x) / ('ref', name)."""
    for _ in range(10):  # expand macros (they may use each other)
        text = re.sub(r"\b[A-Z]{2,}\b", lambda m: f"({macros[m.group()]})" if m.group() in macros else m.group(), text)
    tokens = TOKEN.findall(text)
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise ValueError(f"cannot parse content model {text!r}")
    pos = 0

    def alt() -> tuple:
        nonlocal pos
        branches = [seq()]
        while pos < len(tokens) and tokens[pos] == "|":
            pos += 1
            branches.append(seq())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def seq() -> tuple:
        nonlocal pos
        items = []
        while pos < len(tokens) and tokens[pos] not in "|)":
            items.append(term())
        if not items:
            raise ValueError(f"empty group in {text!r}")
        return items[0] if len(items) == 1 else ("seq", items)

    def term() -> tuple:
        nonlocal pos
        token = tokens[pos]
        pos += 1
        if token == "(":
            node = alt()
            if tokens[pos] != ")":
                raise ValueError(f"unbalanced parentheses in {text!r}")
            pos += 1
        else:
            node = ("ref", token)
        while pos < len(tokens) and tokens[pos] in "?*+":
            node = ({"?": "opt", "*": "star", "+": "plus"}[tokens[pos]], node)
            pos += 1
        return node

    node = alt()
    if pos != len(tokens):
        raise ValueError(f"unexpected {tokens[pos]!r} in {text!r}")
    return node


def split_content(content: str, macros: dict[str, str]) -> tuple[str, tuple | str | None]:
    """('text'|'empty'|'mixed'|'elements', model), or ('data', the datatype's name)."""
    if content in ("text", "empty"):
        return content, None
    m = re.fullmatch(r"data\(([\w.]+)\)", content)
    if m:
        return "data", m.group(1)
    m = re.fullmatch(r"mixed\((.*)\)", content)
    if m:
        return "mixed", parse_content(m.group(1), macros)
    return "elements", parse_content(content, macros)


def element_name(def_name: str) -> str:
    return def_name.split("~")[0]


def type_name(def_name: str) -> str:
    return "el." + def_name.replace("~", ".")


def refs(node: tuple) -> list[str]:
    if node[0] == "ref":
        return [node[1]]
    children = node[1] if node[0] in ("seq", "alt") else [node[1]]
    return [r for child in children for r in refs(child)]


def check_spec(spec) -> None:
    """Every reference is defined, and no content model uses two definitions of one element name."""
    for name, (content, attrs) in spec.ELEMENTS.items():
        kind, model = split_content(content, spec.MACROS)
        if kind == "data":
            if model not in spec.TYPES:
                raise ValueError(f"{name}: no datatype {model!r}")
            continue
        seen: dict[str, str] = {}
        for ref in refs(model) if model else []:
            if ref not in spec.ELEMENTS:
                raise ValueError(f"{name}: no definition for {ref!r}")
            other = seen.setdefault(element_name(ref), ref)
            if other != ref:
                raise ValueError(f"{name}: both {other!r} and {ref!r} in one content model")
        for attr, datatype in attrs.items():
            if datatype in spec.TYPES and datatype not in spec.DESCRIPTIONS:
                raise ValueError(f"datatype {datatype!r} has no description")
            if datatype not in spec.TYPES and not re.fullmatch(r"[\w.-]+(\|[\w.-]+)*", datatype):
                raise ValueError(f"{name}/@{attr}: neither a datatype nor a list of values: {datatype!r}")
