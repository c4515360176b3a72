"""A compact compiler from ISO Schematron (XSLT 3.0 query binding) to an XSLT 3.0 stylesheet.

Why our own: the rules must run inside the project (SaxonC-HE through saxonche, no Java),
and the subset the edition needs is small. The compiled stylesheet writes SVRL
(``svrl:failed-assert``/``svrl:successful-report``) with ``location`` = XPath 3.1
``path()`` of the context node; :mod:`edition.validation.rules` maps that path back to a
line with lxml.

Supported: ``ns``, global ``let`` (compiled to ``xsl:param``, so a runner may override
them), ``phase``/``active``, ``pattern``, ``rule`` with ``let``, ``assert`` and ``report``
with ``@role`` (severity), ``@properties`` and the foreign attribute ``ed:code`` (the
diagnostic code; default: the pattern's id), ``name``, ``value-of``, ``emph``/``dir``/``span``
(kept as text), ``properties``/``property``, and top-level ``xsl:key``/``xsl:function``.
Anything else (abstract patterns, includes, diagnostics, pattern-level lets) is refused
with an error rather than silently ignored.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
ED = "urn:x-edition:validation"
S = f"{{{SCH}}}"
_AXES = (("@", "attribute"), ("attribute::", "attribute"), ("child::", "element"), ("", "element"))
_NAME = re.compile(r"(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)")  # a name test: tei:p, p, tei:*, xml:id


class SchematronError(ValueError):
    """The schema uses something this compiler does not support, or is malformed."""


def _x(tag: str, parent: etree._Element, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XSL}}}{tag}", attrs)


def _active_patterns(schema: etree._Element, phase: str | None) -> list[etree._Element]:
    patterns = schema.findall(f"{S}pattern")
    phase = phase or schema.get("defaultPhase") or "#ALL"
    if phase == "#ALL":
        return patterns
    found = [p for p in schema.findall(f"{S}phase") if p.get("id") == phase]
    if not found:
        raise SchematronError(f"no phase {phase!r} in the schema")
    wanted = [a.get("pattern") for a in found[0].findall(f"{S}active")]
    by_id = {p.get("id"): p for p in patterns}
    missing = [w for w in wanted if w not in by_id]
    if missing:
        raise SchematronError(f"phase {phase!r} names unknown patterns: {', '.join(missing)}")
    return [by_id[w] for w in wanted]


def _check_supported(schema: etree._Element) -> None:
    if schema.get("queryBinding", "xslt") not in ("xslt2", "xslt3"):
        raise SchematronError(f"queryBinding {schema.get('queryBinding')!r}: only xslt2 and xslt3 are supported")
    for tag in ("include", "extends", "diagnostics"):
        if schema.find(f".//{S}{tag}") is not None:
            raise SchematronError(f"sch:{tag} is not supported by this compiler")
    for pattern in schema.findall(f"{S}pattern"):
        if pattern.get("abstract") == "true" or pattern.get("is-a"):
            raise SchematronError(f"abstract pattern {pattern.get('id')!r} is not supported")
        if pattern.find(f"{S}let") is not None:
            raise SchematronError(f"pattern {pattern.get('id')!r}: pattern-level let is not supported")


def _message(parent: etree._Element, source: etree._Element) -> None:
    """Copy an assertion's or property's mixed content as XSLT instructions producing text."""
    if source.text:
        _x("text", parent).text = source.text
    for child in source:
        if not isinstance(child.tag, str):
            pass
        elif child.tag == f"{S}value-of":
            _x("value-of", parent, select=child.get("select"))
        elif child.tag == f"{S}name":
            _x("value-of", parent, select=f"name({child.get('path', '.')})")
        elif child.tag in (f"{S}emph", f"{S}dir", f"{S}span"):
            _message(parent, child)
        else:
            raise SchematronError(f"unsupported element in a message: {child.tag}")
        if child.tail:
            _x("text", parent).text = child.tail


def _assertion(template: etree._Element, check: etree._Element, pattern_id: str,
               properties: dict[str, etree._Element]) -> None:
    is_assert = check.tag == f"{S}assert"
    test = check.get("test")
    if not test:
        raise SchematronError(f"pattern {pattern_id!r}: an assertion without @test")
    guard = _x("if", template, test=f"not({test})" if is_assert else test)
    out = etree.SubElement(guard, f"{{{SVRL}}}{'failed-assert' if is_assert else 'successful-report'}")
    out.set("role", check.get("role", "error"))
    out.set("code", check.get(f"{{{ED}}}code") or pattern_id)
    _x("attribute", out, name="location", select="path()")
    _message(etree.SubElement(out, f"{{{SVRL}}}text"), check)
    for name in (check.get("properties") or "").split():
        if name not in properties:
            raise SchematronError(f"pattern {pattern_id!r}: no property {name!r}")
        ref = etree.SubElement(out, f"{{{SVRL}}}property-reference", property=name)
        _message(etree.SubElement(ref, f"{{{SVRL}}}text"), properties[name])


def _alternatives(context: str) -> list[str]:
    """A pattern's top-level alternatives ("a | b[c | d]" -> ["a", "b[c | d]"]): split at "|" outside brackets,
    parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(context):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(context[start:i])
            start = i + 1
    return [part.strip() for part in parts + [context[start:]]]


def _last_step(alternative: str) -> str:
    """The last step of a path pattern, without its predicates ("tei:sp/@who[. != '']" -> "@who")."""
    bare, depth = [], 0
    for char in alternative:
        depth += char == "["
        if depth == 0:
            bare.append(char)
        depth -= char == "]"
    return "".join(bare).rsplit("/", 1)[-1].strip()


def _attributes(contexts: list[str]) -> str:
    """What a pattern of attribute rules visits: the attributes its contexts name (//(@ref | @who)), or all."""
    names = {_last_step(a).removeprefix("@").removeprefix("attribute::") for c in contexts for a in _alternatives(c)}
    return "//@*" if any(n.endswith("*") for n in names) else "//(" + " | ".join(f"@{n}" for n in sorted(names)) + ")"


def matched_kind(contexts: list[str]) -> str | None:
    """Which kind of node a pattern's rule contexts match: "element" or "attribute" when every alternative's last
    step is a name test of that kind (``tei:p``, ``*``, ``@xml:id``, ``attribute::*``), else None (text, nodes,
    functions, anything this does not recognise)."""
    kinds = set()
    for context in contexts:
        for alternative in _alternatives(context):
            step = _last_step(alternative)
            prefix, kind = next((prefix, kind) for prefix, kind in _AXES if step.startswith(prefix))
            if not _NAME.fullmatch(step[len(prefix):]):
                return None
            kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None


def compile_schematron(schema_doc: etree._ElementTree | etree._Element, phase: str | None = None) -> str:
    """The XSLT 3.0 text for ``schema_doc`` restricted to ``phase`` (default: the schema's defaultPhase)."""
    schema = schema_doc.getroot() if isinstance(schema_doc, etree._ElementTree) else schema_doc
    if schema.tag != f"{S}schema":
        raise SchematronError("not an ISO Schematron schema (root element sch:schema)")
    _check_supported(schema)
    nsmap = {"xsl": XSL, "svrl": SVRL, "xs": "http://www.w3.org/2001/XMLSchema"}
    for ns in schema.findall(f"{S}ns"):
        nsmap[ns.get("prefix")] = ns.get("uri")
    sheet = etree.Element(f"{{{XSL}}}stylesheet", nsmap=nsmap, version="3.0")
    sheet.set("exclude-result-prefixes", " ".join(p for p in nsmap if p not in ("xsl", "svrl")))
    _x("output", sheet, method="xml", indent="no")
    for let in schema.findall(f"{S}let"):
        _x("param", sheet, name=let.get("name"), select=let.get("value"))
    for foreign in schema:
        if isinstance(foreign.tag, str) and foreign.tag.startswith(f"{{{XSL}}}"):
            sheet.append(copy.deepcopy(foreign))
    properties = {p.get("id"): p for p in schema.iterfind(f"{S}properties/{S}property")}
    patterns = _active_patterns(schema, phase)
    root = _x("template", sheet, match="/")
    report = etree.SubElement(root, f"{{{SVRL}}}schematron-output", phase=phase or schema.get("defaultPhase", "#ALL"))
    for number, pattern in enumerate(patterns, 1):
        mode = f"p{number}"
        pattern_id = pattern.get("id") or mode
        etree.SubElement(report, f"{{{SVRL}}}active-pattern", id=pattern_id)
        rules = pattern.findall(f"{S}rule")
        if any(not rule.get("context") for rule in rules):
            raise SchematronError(f"pattern {pattern_id!r}: a rule without @context")
        # A pattern whose rules match only elements (or only attributes) visits just those nodes, in document
        # order, each once: Schematron's walk of every node, without the text nodes and the other kind; about
        # half the rules' time on the edition's documents (docs/scale.md). Any other pattern walks the whole tree.
        kind = matched_kind([rule.get("context") for rule in rules])
        flat = {"element": "//*", "attribute": _attributes([rule.get("context") for rule in rules])}.get(kind)
        _x("apply-templates", report, select=flat or "/", mode=mode)
        _x("mode", sheet, name=mode, **{"on-no-match": "deep-skip" if flat else "shallow-skip"})
        for index, rule in enumerate(rules):
            # the first rule of a pattern that matches a node is the one that fires
            template = _x("template", sheet, match=rule.get("context"), mode=mode, priority=str(len(rules) - index))
            for child in rule:
                if not isinstance(child.tag, str):
                    continue
                if child.tag == f"{S}let":
                    _x("variable", template, name=child.get("name"), select=child.get("value"))
                elif child.tag in (f"{S}assert", f"{S}report"):
                    _assertion(template, child, pattern_id, properties)
                elif child.tag not in (f"{S}title", f"{S}p"):
                    raise SchematronError(f"pattern {pattern_id!r}: unsupported {child.tag} in a rule")
            if not flat:
                _x("apply-templates", template, select="@* | node()", mode="#current")
    return etree.tostring(sheet, encoding="unicode")
