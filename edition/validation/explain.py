"""Say why a document does not match the project's schema, in words an editor can act on.

libxml2 decides validity (it compiled edition.rng); this module walks the document with the
same schema read into Python (:mod:`rngmodel`) and reports each problem once, at the element
or attribute concerned, with what would be allowed there and a "did you mean" when a name
or value is a near miss. It stops descending into an element it cannot place, so one
misplaced element does not produce a cascade of follow-on messages.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from lxml import etree

from .findings import Finding
from .rngmodel import ElementModel, load_models

TEI_NS = "http://www.tei-c.org/ns/1.0"


def _local(el: etree._Element) -> str:
    q = etree.QName(el)
    return q.localname if q.namespace == TEI_NS else f"{{{q.namespace or ''}}}{q.localname}"


def _near(word: str, choices: list[str]) -> str | None:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return f"did you mean '{match[0]}'?" if match else None


def _listing(names: list[str]) -> str:
    return ", ".join(f"<{n}>" for n in names) if names else "nothing more"


class Explainer:
    """Explains failures of one schema written by schema/generate.py."""

    def __init__(self, rng_path: Path):
        self.start, self.models = load_models(rng_path)
        self.known = sorted({m.name for m in self.models.values()})

    def explain(self, tree: etree._ElementTree) -> list[Finding]:
        root = tree.getroot()
        model = self.models[self.start]
        if _local(root) != model.name:
            return [Finding("schema.element-unknown", f"the root element must be <{model.name}>, not "
                            f"<{_local(root)}>", element=root)]
        out: list[Finding] = []
        self.ids: set[str] = set()
        self._element(root, model, out)
        return out

    def _element(self, el: etree._Element, model: ElementModel, out: list[Finding]) -> None:
        self._attributes(el, model, out)
        children = [c for c in el if isinstance(c.tag, str)]
        if model.content in ("text", "empty"):
            for child in children:
                what = "holds text only" if model.content == "text" else "must be empty"
                out.append(Finding("schema.element-misplaced", f"<{_local(child)}> is not allowed in "
                                   f"<{model.name}>, which {what}", element=child))
            if model.content == "empty" and (el.text or "").strip():
                out.append(Finding("schema.text", f"<{model.name}> must be empty, but it contains text",
                                   element=el))
            return
        if model.content == "elements":
            stray = [t for t in [el.text, *(c.tail for c in el)] if t and t.strip()]
            if stray:
                out.append(Finding("schema.text", f"text is not allowed directly in <{model.name}> "
                                   f"(found '{' '.join(stray[0].split())[:40]}'); it belongs in a child element",
                                   element=el))
        auto = model.automaton
        states = auto.initial()
        misplaced = False
        for index, child in enumerate(children):
            name = _local(child)
            after = auto.step(states, name)
            if not after:
                out.append(self._unexpected(el, model, child, name, auto.expected(states), index))
                misplaced = True
                continue  # skip the child and go on with the same state: later children may still fit
            states = after
            self._element(child, self.models[model.children[name]], out)
        if not auto.accepts(states) and not misplaced:  # after a misplaced child, "expected ..." was said
            expected = auto.expected(states)
            where = f"after <{_local(children[-1])}>" if children else "at its start"
            out.append(Finding("schema.content-incomplete", f"<{model.name}> is incomplete: {_listing(expected)} "
                               f"expected {where}", element=el))

    def _unexpected(self, parent: etree._Element, model: ElementModel, child: etree._Element, name: str,
                    expected: list[str], index: int) -> Finding:
        pname = model.name
        if name not in model.children:
            if name not in self.known:
                hint = _near(name, self.known) if not name.startswith("{") else None
                text = f"<{name}> is not part of the edition's schema"
                if name.startswith("{"):
                    text = f"element {name} from another namespace is not allowed"
                return Finding("schema.element-unknown", text, element=child, hint=hint)
            allowed = sorted(model.children)
            return Finding("schema.element-misplaced", f"<{name}> is not allowed in <{pname}>; <{pname}> may "
                           f"contain {_listing(allowed)}", element=child)
        where = "at the start of" if index == 0 else "here in"
        return Finding("schema.element-misplaced", f"<{name}> is not allowed {where} <{pname}>: expected "
                       f"{_listing(expected)}", element=child,
                       hint=f"check the order of the children of <{pname}>")

    def _attributes(self, el: etree._Element, model: ElementModel, out: list[Finding]) -> None:
        for attr, value in el.attrib.items():
            spec = model.attributes.get(attr)
            shown = attr.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")
            if spec is None:
                allowed = sorted(a.name for a in model.attributes.values())
                hint = _near(shown, allowed)
                listed = ", ".join(f"@{a}" for a in allowed) if allowed else "none"
                out.append(Finding("schema.attribute-unknown", f"@{shown} is not allowed on <{model.name}> "
                                   f"(allowed: {listed})", element=el, attribute=attr, hint=hint))
            elif not spec.check(value):
                hint = _near(value.strip(), spec.values) if spec.values else None
                out.append(Finding("schema.value", f"@{spec.name}='{value}' on <{model.name}> is not allowed: "
                                   f"expected {spec.describe}", element=el, attribute=attr, hint=hint))
            elif spec.unique:
                if value.strip() in self.ids:
                    out.append(Finding("schema.value", f"@{spec.name}='{value}' on <{model.name}> is not allowed: "
                                       "an earlier element has the same id", element=el, attribute=attr))
                self.ids.add(value.strip())
        for attr, spec in model.attributes.items():
            if spec.required and attr not in el.attrib:
                out.append(Finding("schema.attribute-missing", f"<{model.name}> needs @{spec.name} "
                                   f"({spec.describe})", element=el))
