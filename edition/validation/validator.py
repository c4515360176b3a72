"""One document through the three layers: well-formed and safe XML, the project's schema and
rules, the official TEI.

Which layers run depends on whose document it is. The edition's own documents (they carry
``publicationStmt/idno[@type='edition']`` or an xml-model pointing at edition.rng) get the
project's schema and all rules -- fast, and what the editors act on; tei_all runs as well
when asked (``tei=True``), since everything the project's schema accepts is tei_all-valid
by construction (tested). Any other TEI document (another archive's) gets tei_all and the
rules that hold for any TEI (phase "tei": ids, pointers, dates, names). The tei_all layer is
its grammar and its own embedded Schematron constraints.
"""

from __future__ import annotations

import datetime as dt

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EditionError
from ..xmlsafe import XINCLUDE, parse_xml_bytes, read_limited
from .findings import Finding
from . import jing
from .grammar import check_grammar
from .locate import SourceMap
from .official import check_tei
from .rules import check_rules
from .teirules import check_tei_rules
from .teischema import Fetcher, obtain_schema

TEI_NS = "http://www.tei-c.org/ns/1.0"


@dataclass
class Options:
    profile: str = "auto"  # "auto" | "edition" | "tei"
    tei: bool = False  # also check the edition's own documents against tei_all
    tei_schema: Path | None = None
    registers: Path | None = None  # where register files named by external pointers are looked for
    allow_fetch: bool = True
    fetcher: Fetcher | None = None
    notify: Callable[[str], None] | None = None
    period: tuple[dt.date, dt.date] | None = None  # the edition's plausible dates (edition.toml's period)
    tei_engine: str = "auto"  # "auto" (jing for foreign files when Java is there) | "jing" | "libxml2"


@dataclass
class FileReport:
    path: str
    findings: list[Finding] = field(default_factory=list)
    profile: str = ""
    layers: list[str] = field(default_factory=list)
    seconds: float = 0.0
    source: SourceMap | None = None

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    @property
    def unreadable(self) -> bool:
        return any(f.code.startswith("input.") for f in self.findings)


def detect_profile(tree: etree._ElementTree) -> str:
    """"edition" for the edition's own documents, "tei" for any other TEI."""
    for node in tree.getroot().itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model" \
                and "edition.rng" in (node.get("href") or ""):
            return "edition"
    idno = tree.getroot().find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}publicationStmt/"
                               f"{{{TEI_NS}}}idno[@type='edition']")
    return "edition" if idno is not None else "tei"


def _supersedes(rule: Finding, grammar: Finding) -> bool:
    """A rule's message is more precise than the grammar's about the same node: keep the rule's."""
    if rule.element is None or rule.element is not grammar.element:
        return False
    if grammar.code == "schema.value" and rule.attribute == grammar.attribute:
        return True
    return rule.code == "lang.missing" and grammar.code == "schema.attribute-missing" and "xml:lang" in grammar.message


def validate_tree(tree: etree._ElementTree, data: bytes, name: str, options: Options) -> FileReport:
    """The findings of every applicable layer for a parsed document."""
    report = FileReport(name, source=SourceMap(data, tree))
    root = tree.getroot()
    if etree.QName(root).namespace != TEI_NS:
        report.findings.append(Finding("tei.not-tei", f"the root element is <{root.tag}>, not a TEI element "
                                       f"(namespace {TEI_NS})", element=root, layer="xml"))
        return report
    report.profile = detect_profile(tree) if options.profile == "auto" else options.profile
    path = Path(name)
    include = next(root.iter(f"{XINCLUDE}include"), None)
    if report.profile == "edition" and include is not None:  # the edition's own files are whole, never assembled
        report.findings.append(Finding("xml.xinclude", "the document uses XInclude, which is never followed: put the "
                                       "included content into the file", element=include, layer="xml"))
        return report
    if report.profile == "edition":
        grammar = check_grammar(tree)
        rules = check_rules(tree, report.source, path, "edition", options.registers,
                            period=options.period)
        grammar = [g for g in grammar if not any(_supersedes(r, g) for r in rules)]
        report.findings += grammar + rules
        report.layers += ["schema", "rules"]
    else:
        report.findings += check_rules(tree, report.source, path, "tei", options.registers, period=options.period)
        report.layers.append("rules")
    if report.profile != "edition" or options.tei:
        schema = obtain_schema(options.tei_schema, options.allow_fetch, options.fetcher, options.notify)
        report.findings += _tei_grammar(tree, data, schema, report, options) + check_tei_rules(tree, schema)
        report.layers.append("tei")
    return report


def tei_engine(options: Options, profile: str) -> str:
    """Which validator checks tei_all: jing for another archive's file when it can run (all its errors, as
    Oxygen shows them), libxml2 in-process for the edition's own documents (valid by construction, and
    the build checks hundreds of them) or when there is no Java."""
    if options.tei_engine != "auto":
        return options.tei_engine
    return "jing" if profile != "edition" and jing.available() else "libxml2"


def _tei_grammar(tree: etree._ElementTree, data: bytes, schema: Path, report: FileReport,
                 options: Options) -> list[Finding]:
    if tei_engine(options, report.profile) == "jing":
        found = jing.check_tei_jing(data, schema, report.source)
        # the rules (phase "tei") report duplicate ids too, with the same words: keep one of each
        ruled = {f.element for f in report.findings if f.code == "id.duplicate"}
        return [f for f in found if not (f.code == "id.duplicate" and f.element in ruled)]
    found = check_tei(tree, schema, report.source)
    if found and report.profile != "edition":
        found.append(Finding("tei.incomplete", "libxml2 checked tei_all and stops at the first error inside an "
                             "element, so there may be more errors than these; with a Java runtime jing lists "
                             "them all", severity="info", layer="tei"))
    return found


def validate_bytes(data: bytes, name: str, options: Options | None = None) -> FileReport:
    options = options or Options()
    started = time.perf_counter()
    try:
        tree = parse_xml_bytes(data, name, xinclude="keep")  # xi:include validated as an element, never followed
    except EditionError as exc:
        report = FileReport(name, [Finding.from_diagnostic(exc.diagnostic)], layers=["xml"])
    else:
        report = validate_tree(tree, data, name, options)
    report.seconds = time.perf_counter() - started
    return report


def validate_file(path: Path, options: Options | None = None) -> FileReport:
    """Validate one file; unreadable input becomes an ``input.*`` finding, never an exception.

    Raises EditionError only for problems of the setup (the TEI schema cannot be had, the
    project's schema files are broken), which the command line reports as such."""
    started = time.perf_counter()
    try:
        data = read_limited(path)
    except EditionError as exc:
        report = FileReport(str(path), [Finding.from_diagnostic(exc.diagnostic)], layers=["xml"])
        report.seconds = time.perf_counter() - started
        return report
    return validate_bytes(data, str(path), options)
