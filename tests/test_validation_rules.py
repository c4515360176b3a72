"""The Schematron compiler, locating findings in the source, and the safety of parsing."""

from __future__ import annotations

import pytest
from lxml import etree

from edition.errors import InputError
from edition.publish.xslt import processor
from edition.validation.locate import SourceMap, resolve_path
from edition.validation.schematron import SVRL, SchematronError, compile_schematron, matched_kind
from edition.xmlsafe import parse_xml_bytes

SCH = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3" defaultPhase="all"
  xmlns:ed="urn:x-edition:validation">
  <ns prefix="t" uri="urn:test"/>
  <let name="limit" value="2"/>
  <phase id="all"><active pattern="counts"/><active pattern="names"/></phase>
  <phase id="names-only"><active pattern="names"/></phase>
  <pattern id="counts">
    <rule context="t:list[@special]"><assert test="false()" ed:code="special.first">special</assert></rule>
    <rule context="t:list">
      <let name="n" value="count(t:item)"/>
      <assert test="$n le $limit" properties="n">a list of <value-of select="$n"/> items in <name/></assert>
      <report test="@n" role="warning" ed:code="list.numbered">numbered list</report>
    </rule>
  </pattern>
  <pattern id="names">
    <rule context="t:item/@name"><assert test=". != ''" ed:code="name.empty">empty @<name/></assert></rule>
  </pattern>
  <properties><property id="n"><value-of select="$n"/></property></properties>
</schema>"""

DOC = """<list xmlns="urn:test" n="1">
  <item name="a"/><item name=""/><item
     name="c"/>
  <list special="yes"><item/></list>
</list>"""


def _run(xslt: str, doc: str = DOC, **params: int) -> list[etree._Element]:
    proc = processor()
    executable = proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=xslt)
    held = []
    for name, value in params.items():
        held.append(proc.make_integer_value(value))
        executable.set_parameter(name, held[-1])
    out = executable.transform_to_string(xdm_node=proc.parse_xml(xml_text=doc))
    return list(etree.fromstring(out.encode()).iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"))


def test_asserts_reports_codes_roles_properties_and_rule_order():
    results = _run(compile_schematron(etree.fromstring(SCH)))
    got = [(r.get("code"), r.get("role"), " ".join(r.findtext(f"{{{SVRL}}}text").split()), r.get("location"))
           for r in results]
    assert got == [
        ("counts", "error", "a list of 3 items in list", "/Q{urn:test}list[1]"),
        ("list.numbered", "warning", "numbered list", "/Q{urn:test}list[1]"),
        # the nested list matches the first rule only: the first matching rule of a pattern fires
        ("special.first", "error", "special", "/Q{urn:test}list[1]/Q{urn:test}list[1]"),
        ("name.empty", "error", "empty @name", "/Q{urn:test}list[1]/Q{urn:test}item[2]/@name"),
    ]
    assert results[0].findtext(f"{{{SVRL}}}property-reference/{{{SVRL}}}text") == "3"


@pytest.mark.parametrize("contexts, kind", [
    (["t:list[@special]", "t:list"], "element"), (["*[@a | @b]"], "element"), (["t:a//t:b[. = 'x|@y']"], "element"),
    (["t:item/@name"], "attribute"), (["@a | t:b/@c[. != '']"], "attribute"), (["attribute::*"], "attribute"),
    (["t:list", "@n"], None), (["text()"], None), (["node()"], None), (["/"], None), (["descendant::t:b"], None),
])
def test_which_nodes_a_pattern_visits(contexts, kind):
    """A pattern of element rules walks the elements only, of attribute rules the attributes only (in document
    order, each once); anything else, or what the test does not recognise, the whole tree."""
    assert matched_kind(contexts) == kind


def test_a_pattern_of_elements_and_attributes_or_text_walks_the_whole_tree():
    mixed = SCH.replace('<rule context="t:item/@name">', '<rule context="t:list[@special]/t:item"><report test="true()" '
                        'ed:code="nested.item">item</report></rule><rule context="t:item/@name">')
    mixed = mixed.replace('<pattern id="names">', '<pattern id="names"><rule context="text()[normalize-space()]">'
                          '<report test="true()" ed:code="text">text</report></rule>')
    got = [(r.get("code"), r.get("location")) for r in _run(compile_schematron(etree.fromstring(mixed)))]
    assert got[3:] == [("name.empty", "/Q{urn:test}list[1]/Q{urn:test}item[2]/@name"),
                       ("nested.item", "/Q{urn:test}list[1]/Q{urn:test}list[1]/Q{urn:test}item[1]")]


def test_phases_and_overridable_lets():
    names_only = _run(compile_schematron(etree.fromstring(SCH), "names-only"))
    assert [r.get("code") for r in names_only] == ["name.empty"]
    relaxed = _run(compile_schematron(etree.fromstring(SCH)), limit=5)
    assert "counts" not in [r.get("code") for r in relaxed]


@pytest.mark.parametrize("change", [
    ('queryBinding="xslt3"', 'queryBinding="exslt"'),
    ('<pattern id="names">', '<pattern id="names" abstract="true">'),
    ('<rule context="t:item/@name">', '<rule>'),
    ('properties="n"', 'properties="missing"'),
    ("<name/></assert>", "<name/><foreign/></assert>"),
    ('defaultPhase="all"', 'defaultPhase="none"'),
])
def test_unsupported_or_broken_schemas_are_refused(change):
    with pytest.raises(SchematronError):
        compile_schematron(etree.fromstring(SCH.replace(*change)))


def test_paths_and_positions_map_back_to_the_source():
    data = DOC.encode()
    tree = etree.ElementTree(etree.fromstring(data))
    source = SourceMap(data, tree)
    element, attribute = resolve_path(tree.getroot(), "/Q{urn:test}list[1]/Q{urn:test}item[3]/@name")
    assert element.sourceline == 3 and attribute == "name"  # libxml2 gives the line where the tag ends...
    assert source.locate(element, None) == (2, 34)  # ...the scanner the line where it begins
    assert source.locate(element, attribute) == (3, 6)
    nested, _ = resolve_path(tree.getroot(), "/Q{urn:test}list[1]/Q{urn:test}list[1]/Q{urn:test}item[1]")
    assert source.locate(nested, None) == (4, 23)
    assert resolve_path(tree.getroot(), "/Q{urn:test}list[1]/Q{urn:test}item[9]")[0] is tree.getroot()


@pytest.mark.parametrize("data,code", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "http://example.org/x.dtd">\n<TEI/>', "xml.dtd-external"),
    ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE TEI PUBLIC "-//x//EN" "x.dtd">\n<TEI/>'.encode("utf-16"),
     "xml.dtd-external"),
    (b'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "http://example.org/p">%p;]>\n<TEI/>', "xml.entity-declaration"),
    (b'<TEI xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="a.xml"/></TEI>', "xml.xinclude"),
    (b"<TEI>\x00</TEI>", "input.binary"),
    (b"   \n ", "input.empty"),
    (b"<TEI><p></TEI>", "xml.not-well-formed"),
])
def test_unsafe_or_broken_input_is_refused_clearly(data, code):
    with pytest.raises(InputError) as raised:
        parse_xml_bytes(data, "doc.xml")
    assert raised.value.diagnostic.code == code


def test_oversized_input_is_refused(monkeypatch):
    monkeypatch.setattr("edition.xmlsafe.MAX_XML_BYTES", 100)
    with pytest.raises(InputError) as raised:
        parse_xml_bytes(b"<TEI>" + b" " * 200 + b"</TEI>", "big.xml")
    assert raised.value.diagnostic.code == "input.too-large"
