"""The project's schema read by xmlschema (schema/edition.xsd): its errors in words an editor can act on.

libxml2 decides validity (the RELAX NG, :mod:`grammar`: a millisecond or two a conversation); when it
objects, xmlschema validates the document against edition.xsd -- the same grammar, generated from the
same spec.py, tests keep the two in agreement -- and each of its errors becomes one finding. An error
gives us the lxml element itself (so :mod:`locate` finds the exact line and column), the XSD component
that failed (an attribute group, a facet, a content model with its expected elements) and, for a value,
the attribute in its ``reason``; what would be right is read from the same components. Only the wording
and the "did you mean" hints are ours.

Importing xmlschema takes about 0.2 s and building the XMLSchema about 0.1 s (without checking the XSD
against XML Schema's own schema, which the tests do), and validating with it is ten to forty times slower
than libxml2: so all of it happens only when a document is invalid, once per process and version of the
schema's files (see docs/validation.md, *Measured*).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..errors import Diagnostic, EditionError
from .findings import Finding

if TYPE_CHECKING:  # xmlschema is imported when a document is first found invalid
    import xmlschema

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
WHITESPACE = f"{{{TEI_NS}}}dt.whitespace"  # the simple content of an element that must be empty
# xmlschema prefixes a value's error with the attribute: "attribute type='closin': value must be one of ..."
VALUE_OF = re.compile(r"attribute (?P<name>\{[^}]*\}[^\s=]+|[^\s=]+)=")
BUILTINS = {
    "date": "a date YYYY-MM-DD", "gYearMonth": "a month YYYY-MM", "gYear": "a year YYYY",
    "time": "a time of day hh:mm:ss", "duration": "a duration such as PT1H30M", "anyURI": "a URI",
    "string": "text", "token": "a word", "dateTime": "a date and time", "ID": "an id",
}


def schema_version(path: Path) -> tuple:
    """The version of the schema's files (edition.xsd imports xml.xsd from its folder)."""
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(path.parent.glob("*.xsd")))


def explainer(path: Path) -> "Explainer":
    """The explainer of ``path`` (its XMLSchema: ``.schema``), built once per process and schema version."""
    return _explainer(path, schema_version(path))


@lru_cache(maxsize=4)
def _explainer(path: Path, stamp: tuple) -> "Explainer":
    return Explainer(_build(path))


def _build(path: Path) -> "xmlschema.XMLSchema":
    import xmlschema

    # "sandbox": the schema may read files of its own folder only (xml.xsd), never the network.
    # validation="skip": the XSD is not checked against XML Schema's own schema on every run (0.35-0.6 s
    # of the 0.45-0.7 s a build takes); schema/generate.py writes it and the tests load it strictly.
    try:
        return xmlschema.XMLSchema(str(path.resolve()), allow="sandbox", defuse="always", validation="skip")
    except (xmlschema.XMLSchemaException, OSError, etree.XMLSyntaxError) as exc:
        raise EditionError(Diagnostic("schema.invalid-schema", "error", f"cannot load the schema: {exc}",
                                      str(path))) from None


def _name(tag: str) -> str:
    """An element's name as the editor writes it: the local name in TEI, else {namespace}name."""
    q = etree.QName(tag)
    return q.localname if q.namespace == TEI_NS else f"{{{q.namespace or ''}}}{q.localname}"


def _attribute(clark: str) -> str:
    return clark.replace(f"{{{XML_NS}}}", "xml:")


def _listing(names: list[str]) -> str:
    return ", ".join(f"<{n}>" for n in names) if names else "nothing more"


def _near(word: str, choices: list[str]) -> str | None:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return f"did you mean '{match[0]}'?" if match else None


def _item_type(list_type):
    """The item type of a list type, or of a restriction of one (a length facet on a list)."""
    while not hasattr(list_type, "item_type"):
        list_type = list_type.base_type
    return list_type.item_type


def _patterns(simple_type) -> tuple[str, ...]:
    patterns = getattr(simple_type, "patterns", None)
    return tuple(patterns.regexps) if patterns is not None else ()


def describe(simple_type, documented: dict | None = None) -> str:
    """What a value of this XSD simple type must be: its documentation, its list of values, or its kind."""
    if simple_type.annotation is not None and str(simple_type.annotation).strip():
        return " ".join(str(simple_type.annotation).split())
    if documented and _patterns(simple_type) in documented:
        return " ".join(documented[_patterns(simple_type)].split())
    if simple_type.enumeration:
        return "one of: " + ", ".join(map(str, simple_type.enumeration))
    if simple_type.is_union():
        return " or ".join(describe(member) for member in simple_type.member_types)
    if simple_type.is_list():
        return "a space-separated list of " + describe(_item_type(simple_type))
    if simple_type.name and etree.QName(simple_type.name).namespace == XSD_NS:
        local = etree.QName(simple_type.name).localname
        return BUILTINS.get(local, local)
    if getattr(simple_type, "base_type", None) is not None:
        return describe(simple_type.base_type)
    return "a valid value"


def _values(simple_type) -> list[str]:
    """The closed list of values of a type (also through a list's item type), for "did you mean"."""
    if simple_type.is_list():
        return _values(_item_type(simple_type))
    return [str(v) for v in simple_type.enumeration or ()]


def _child_declarations(decl) -> list:
    content = getattr(decl.type, "content", None)
    return list(content.iter_elements()) if hasattr(content, "iter_elements") else []


def _once(findings: list[Finding]) -> list[Finding]:
    """One finding per node and problem (xmlschema reports a bad xml:id against our pattern and xs:ID's)."""
    seen, out = set(), []
    for f in findings:
        key = (f.code, id(f.element), f.attribute, f.message if f.code != "schema.value" else "")
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _accepts(group, tags: list[str]) -> bool:
    """Whether a content model accepts these children so far (not necessarily complete): xmlschema's
    own model visitor, driven as xmlschema drives it while validating."""
    model = group.get_model_visitor()
    for tag in tags:
        while model.element is not None:
            if model.match_element(tag) is None:
                if next(iter(model.advance(False)), None) is not None:
                    return False
                continue
            if next(iter(model.advance(True)), None) is not None:
                return False
            break
        else:
            return False
    return True


class Explainer:
    """Findings from xmlschema's errors for one schema file written by schema/generate.py."""

    def __init__(self, schema: "xmlschema.XMLSchema"):
        self.schema = schema
        self.roots = {decl.name: decl for decl in schema.elements.values()}  # by Clark name
        # xml.xsd writes the type of xml:id out again, without its documentation: find it by its pattern
        self.documented = {_patterns(t): str(t.annotation) for t in schema.types.values()
                           if t.is_simple() and t.annotation is not None and _patterns(t)}
        self.known = sorted({_name(c.name) for c in self.schema.iter_components()
                             if type(c).__name__ == "XsdElement" and c.name})

    def explain(self, tree: etree._ElementTree) -> list[Finding]:
        root = tree.getroot()
        if root.tag not in self.roots:
            start = ", ".join(f"<{_name(n)}>" for n in self.roots)
            return [Finding("schema.element-unknown", f"the root element must be {start}, not <{_name(root.tag)}>",
                            element=root)]
        import xmlschema

        out: list[Finding] = []
        # our parsed tree, so the errors name our elements; the document may load nothing (no location hints)
        for error in self.schema.iter_errors(xmlschema.XMLResource(tree, allow="none")):
            out += self._finding(error, root)
        return _once(out)

    # ------------------------------------------------------------------ what xmlschema found

    def _finding(self, error, root: etree._Element) -> list[Finding]:
        el = error.elem if error.elem is not None and isinstance(error.elem.tag, str) else root
        kind = type(error.validator).__name__
        if hasattr(error, "particle"):  # XMLSchemaChildrenValidationError: a content model
            return [self._content(error, el)]
        if kind == "XsdAttributeGroup":
            return self._attributes(error, el)
        if kind == "XsdElement" and not (error.reason or "").startswith("attribute "):  # elements in text
            what = "must be empty" if self._is_empty(error.validator.type) else "holds text only"
            return [Finding("schema.element-misplaced", f"<{_name(child.tag)}> is not allowed in <{_name(el.tag)}>, "
                            f"which {what}", element=child) for child in el if isinstance(child.tag, str)] or \
                [Finding("schema.element-misplaced", f"<{_name(el.tag)}> {what}", element=el)]
        if kind == "XsdGroup":  # "character data between child elements not allowed"
            stray = [t for t in [el.text, *(c.tail for c in el)] if t and t.strip()]
            found = f" (found '{' '.join(stray[0].split())[:40]}')" if stray else ""
            return [Finding("schema.text", f"text is not allowed directly in <{_name(el.tag)}>{found}; it belongs "
                            "in a child element", element=el)]
        match = VALUE_OF.match(error.reason or "")
        if match is None and self._in_whitespace(error.validator):
            return [Finding("schema.text", f"<{_name(el.tag)}> must be empty, but it contains text", element=el)]
        return [self._value(error, el, match)]

    def _content(self, error, el: etree._Element) -> Finding:
        expected = sorted({_name(e.name) for e in error.expected or () if getattr(e, "name", None)})
        parent = _name(el.tag)
        children = [c for c in el if isinstance(c.tag, str)]
        if error.invalid_tag is None:
            where = f"after <{_name(children[-1].tag)}>" if children else "at its start"
            return Finding("schema.content-incomplete", f"<{parent}> is incomplete: {_listing(expected)} expected "
                           f"{where}", element=el)
        child = error.invalid_child if error.invalid_child is not None else el
        name = _name(error.invalid_tag)
        model = self._model(error.validator)
        allowed = sorted({_name(d.name) for d in model.iter_elements() if d.name})
        if name not in allowed:
            if name.startswith("{"):
                return Finding("schema.element-unknown", f"element {name} from another namespace is not allowed",
                               element=child)
            if name not in self.known:
                return Finding("schema.element-unknown", f"<{name}> is not part of the edition's schema",
                               element=child, hint=_near(name, self.known))
            return Finding("schema.element-misplaced", f"<{name}> is not allowed in <{parent}>; <{parent}> may "
                           f"contain {_listing(allowed)}", element=child)
        # what may stand here: each name the model would take after the children before this one
        # (xmlschema's own "expected" lists only the required ones)
        before = [c.tag for c in children[:children.index(child)]] if child in children else []
        possible = {_name(d.name) for d in model.iter_elements() if d.name and _accepts(model, [*before, d.name])}
        expected = sorted(possible) or expected
        where = f"after <{_name(before[-1])}> in" if before else "at the start of"
        return Finding("schema.element-misplaced", f"<{name}> is not allowed {where} <{parent}>: expected "
                       f"{_listing(expected)}", element=child, hint=f"check the order of the children of <{parent}>")

    def _attributes(self, error, el: etree._Element) -> list[Finding]:
        """One unknown or missing attribute: xmlschema reports each as an error of its own, naming it."""
        declared = {k: v for k, v in error.validator.items() if k is not None}
        allowed = sorted(_attribute(k) for k in declared)
        unknown = [k for k in el.attrib if k not in declared]
        missing = [k for k, d in declared.items() if d.use == "required" and k not in el.attrib]
        named = [k for k in unknown + missing if repr(k) in (error.reason or "")]
        out = []
        for clark in named or unknown + missing:
            if clark in unknown:
                listed = ", ".join(f"@{a}" for a in allowed) if allowed else "none"
                out.append(Finding("schema.attribute-unknown", f"@{_attribute(clark)} is not allowed on "
                                   f"<{_name(el.tag)}> (allowed: {listed})", element=el, attribute=clark,
                                   hint=_near(_attribute(clark), allowed)))
            else:
                out.append(Finding("schema.attribute-missing", f"<{_name(el.tag)}> needs @{_attribute(clark)} "
                                   f"({describe(declared[clark].type, self.documented)})", element=el))
        return out

    def _value(self, error, el: etree._Element, match: re.Match | None) -> Finding:
        clark = self._which_attribute(el, match, error.obj)
        value = el.get(clark) if clark else str(error.obj)
        shown = _attribute(clark) if clark else "a value"
        if type(error.validator).__name__ == "XsdAtomicBuiltin" and error.validator.local_name == "ID" \
                and "duplicat" in (error.reason or ""):
            return Finding("schema.value", f"@{shown}='{value}' on <{_name(el.tag)}> is not allowed: an earlier "
                           "element has the same id", element=el, attribute=clark)
        declaration = self._declaration(el)
        decl = declaration.attributes.get(clark) if declaration is not None and clark else None
        simple = decl.type if decl is not None else None  # (the declaration is always found: tests)
        values = _values(simple) if simple is not None else []
        wanted = describe(simple, self.documented) if simple is not None else error.reason
        return Finding("schema.value", f"@{shown}='{value}' on <{_name(el.tag)}> is not allowed: expected {wanted}",
                       element=el, attribute=clark, hint=_near((value or "").strip(), values) if values else None)

    # ------------------------------------------------------------------ reading the schema's components

    @staticmethod
    def _which_attribute(el: etree._Element, match: re.Match | None, obj) -> str | None:
        if match is not None:
            name = match.group("name")
            clark = f"{{{XML_NS}}}{name[4:]}" if name.startswith("xml:") else name
            if clark in el.attrib:
                return clark
        text = " ".join(obj) if isinstance(obj, list) else str(obj)
        for clark, value in el.attrib.items():  # the attribute holding the value xmlschema rejected
            if value == text or " ".join(value.split()) == " ".join(text.split()):
                return clark
        return None

    def _declaration(self, el: etree._Element):
        """The XsdElement that declares ``el`` in its context: found by names from the root, as XSD's
        consistency rule makes one name in one content model always the same declaration."""
        path = [el, *el.iterancestors()][::-1]
        decl = self.roots.get(path[0].tag)
        for node in path[1:]:
            if decl is None:
                return None
            decl = next((d for d in _child_declarations(decl) if d.name == node.tag), None)
        return decl

    @staticmethod
    def _model(group):
        """The whole content model of the type a (sub)group belongs to."""
        while getattr(group, "parent", None) is not None and type(group.parent).__name__ == "XsdGroup":
            group = group.parent
        return group

    @staticmethod
    def _in_whitespace(component) -> bool:
        while component is not None:
            if getattr(component, "name", None) == WHITESPACE:
                return True
            component = getattr(component, "parent", None)
        return False

    @staticmethod
    def _is_empty(complex_type) -> bool:
        content = getattr(complex_type, "content", None)
        return getattr(content, "name", None) == WHITESPACE or complex_type.is_empty()
