"""Write the bad-input corpus (tests/invalid/*.xml) and its manifest expected.toml from _base.xml.

    .venv/bin/python tests/invalid/_make.py

Each case changes one thing in the valid base document (or, for the XML-level cases, the
bytes of the file). The expected line is where the change is *written* -- found in the
generated text by an anchor string, never by running the validator -- so the test in
tests/test_validation_corpus.py can fail. Review the diff of the generated files before
committing them.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = (HERE / "_base.xml").read_text(encoding="utf-8")
DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'

# name, code, [(old, new), ...], anchor (a string of the result on the expected line), why, extra manifest keys
EDITS: list[tuple[str, str, list[tuple[str, str]], str, str, dict]] = [
    ("xml-not-well-formed", "xml.not-well-formed", [("<head>ЗАПИСЬ БЕСЕДЫ</head>", "<head>ЗАПИСЬ БЕСЕДЫ</heda>")],
     "</heda>", "an end tag that does not match its start tag", {}),
    ("xml-xxe", "xml.entity-declaration",
     [(DECL, DECL + '<!DOCTYPE TEI [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'),
      ("Dairen; Dalian", "&xxe;")], "<!ENTITY xxe", "an external entity reading a local file (XXE)", {}),
    ("xml-entity-bomb", "xml.entity-declaration",
     [(DECL, DECL + "<!DOCTYPE TEI [\n  <!ENTITY lol \"lol\">\n"
       + "".join(f"  <!ENTITY lol{i} \"{('&lol' + (str(i - 1) if i > 1 else '') + ';') * 10}\">\n" for i in range(1, 10))
       + "]>\n"), ("Dairen; Dalian", "&lol9;")],
     '<!ENTITY lol "lol">', "a billion-laughs entity-expansion bomb", {}),
    ("xml-dtd-fetch", "xml.dtd-external",
     [(DECL, DECL + '<!DOCTYPE TEI SYSTEM "http://www.example.org/dtd/tei.dtd">\n')], "<!DOCTYPE",
     "a DTD that would be fetched from the network", {}),
    ("xml-xinclude", "xml.xinclude-outside",
     [('<p>The conversation lasted', '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
       'parse="text"/><p>The conversation lasted')], "xi:include", "XInclude of /etc/passwd (an absolute path: never the document's own file)", {}),
    ("not-tei", "tei.not-tei", [('<TEI xmlns="http://www.tei-c.org/ns/1.0"', '<TEI xmlns="http://example.org/tei"')],
     '<TEI xmlns="http://example.org/tei"', "the root is not in the TEI namespace", {}),
    ("schema-unknown-element", "schema.element-unknown",
     [('<s xml:id="ru-b2-s1">Согласен.</s>', '<s xml:id="ru-b2-s1"><emph>Согласен</emph>.</s>')],
     '<emph>', "an element the edition does not use", {}),
    ("schema-misplaced-element", "schema.element-misplaced",
     [('    <date when="2026">2026</date>\n', ''),
      ('<publisher>edition project</publisher>', '<date when="2026">2026</date>\n    <publisher>edition project</publisher>')],
     '<date when="2026">', "publicationStmt begins with a date, not the publisher", {}),
    ("schema-text-only", "schema.element-misplaced",
     [('<idno type="transcript">input.txt</idno>\n     <textLang mainLang="ru">',
       '<idno type="transcript">input<lb/>.txt</idno>\n     <textLang mainLang="ru">')],
     "input<lb/>", "an element inside an element that holds text only", {}),
    ("schema-wrong-value", "schema.value", [('<div type="closing">', '<div type="closin">')], 'type="closin"',
     "a value outside the closed list of div types", {}),
    ("schema-unknown-attribute", "schema.attribute-unknown",
     [("<head>RECORD OF TALKS</head>", '<head rend="bold">RECORD OF TALKS</head>')], 'rend="bold"',
     "an attribute the edition does not use", {}),
    ("schema-missing-attribute", "schema.attribute-missing", [('<div type="closing">', "<div>")], "<div>",
     "a div without its type", {}),
    ("schema-incomplete", "schema.content-incomplete",
     [('      <idno type="reference">APRF, f. 45, op.1, d.329, ll. 29-38</idno>\n', '')], "<msIdentifier>",
     "msIdentifier without its idno", {}),
    ("schema-text", "schema.text", [('<div type="closing">\n', '<div type="closing">Closing remarks:\n')],
     "Closing remarks:", "text directly in a div", {}),
    ("schema-malformed-pointer", "schema.value", [('ref="#molotov"', 'ref="molotov"')], 'ref="molotov"',
     "a pointer without #", {}),
    ("ref-unresolved", "ref.unresolved", [('ref="#molotov"', 'ref="#molotow"')], "#molotow",
     "a name pointing to an id that does not exist (did you mean molotov?)", {}),
    ("ref-register", "ref.unresolved", [('ref="#molotov"', 'ref="registers/persons.xml#molotow"')], "#molotow",
     "a name pointing to a register entry that does not exist", {}),
    ("ref-register-missing", "ref.unresolved", [('ref="#molotov"', 'ref="nowhere/persons.xml#molotov"')],
     "nowhere/", "a name pointing into a register file that is not there", {}),
    ("ref-decls", "ref.unresolved", [('decls="#src-en-rozas"', 'decls="#src-en-rozaz"')], "#src-en-rozaz",
     "a version whose source description does not exist", {}),
    ("ref-link-target", "ref.unresolved", [("#en-rozas-b2-s1", "#en-rozas-b2-s9")], "#en-rozas-b2-s9",
     "an alignment link to a sentence that does not exist", {}),
    ("id-duplicate", "id.duplicate", [('<p xml:id="en-rozas-b2">', '<p xml:id="en-rozas-b1">')],
     '<p xml:id="en-rozas-b1"><s xml:id="en-rozas-b2-s1">', "the same xml:id twice", {}),
    ("id-malformed", "id.malformed", [('<editor xml:id="ed1">', '<editor xml:id="ED 1">')], 'xml:id="ED 1"',
     "an id that is not an id of the edition", {}),
    ("date-invalid", "date.invalid",
     [('<dateline><date when="1950-01-22">22 January 1950</date>',
       '<dateline><date when="1950-02-30">22 January 1950</date>')], "1950-02-30", "a day that does not exist", {}),
    ("date-time-invalid", "date.invalid", [('<time when="21:00:00">', '<time when="25:00:00">')], "25:00:00",
     "an hour that does not exist", {}),
    ("date-duration-invalid", "date.invalid", [('dur="PT2H"', 'dur="2 hours"')], 'dur="2 hours"',
     "a duration not in ISO 8601 form", {}),
    ("date-range", "date.range", [('from="1950-01-01" to="1950-01-31"', 'from="1950-02-01" to="1950-01-31"')],
     'from="1950-02-01"', "a period that ends before it begins", {}),
    ("date-open", "date.open", [('<date from="1950-01-01" to="1950-01-31">', '<date notBefore="1950-01-01">')],
     'notBefore="1950-01-01"', "an uncertain date with only one bound", {}),
    ("date-conflict", "date.conflict",
     [('<date from="1950-01-01" to="1950-01-31">', '<date when="1950-01" from="1950-01-01" to="1950-01-31">')],
     'when="1950-01" from', "a date that is both a point and a range", {}),
    ("date-implausible", "date.implausible",
     [('<date when="1950-01-22">22 January 1950</date>\n    </setting>',
       '<date when="1905-01-22">22 January 1950</date>\n    </setting>')], "1905-01-22",
     "a conversation dated outside 1945–1960 (a typo for 1950)", {}),
    ("date-dateline-far", "date.implausible",
     [('<dateline><date when="1950-01-22">22 January 1950</date>',
       '<dateline><date when="1951-06-01">22 January 1950</date>')], "1951-06-01",
     "a dateline far from the conversation's date", {}),
    ("lang-missing", "lang.missing", [('<text xml:id="en-rozas" xml:lang="en"', '<text xml:id="en-rozas"')],
     '<text xml:id="en-rozas"', "a language version without xml:lang", {}),
    ("lang-undeclared", "lang.undeclared", [('    <language ident="en">English</language>\n', '')],
     '<text xml:id="en-rozas"', "a version in a language langUsage does not list", {"severity": "warning"}),
    ("align-unlinked", "align.unlinked",
     [('   <ptr type="unaligned" target="#en-rozas-b2-s2" cert="medium" n="0.70"/>\n', '')],
     '<s xml:id="en-rozas-b2-s2">', "a translated sentence neither aligned nor marked unaligned", {}),
    ("name-empty", "name.empty", [('<persName ref="#molotov">Molotov</persName>', '<persName ref="#molotov"/>')],
     '<persName ref="#molotov"/>', "an empty persName", {}),
    ("type-subtype", "type.subtype",
     [('<placeName type="variant" xml:lang="en">Dalny</placeName>',
       '<placeName subtype="misspelling" xml:lang="en">Dalny</placeName>')], 'subtype="misspelling"',
     "a refinement (@subtype) without the category (@type) TEI requires", {}),
    ("text-empty", "text.empty",
     [("<settlement>Moscow</settlement>", "<settlement/>"),
      ("<repository>Archive of the President, Russian Federation (APRF)</repository>", "<repository/>"),
      ('<collection type="fond">45</collection>', '<collection type="fond"/>'),
      ('<idno type="reference">APRF, f. 45, op.1, d.329, ll. 29-38</idno>', '<idno type="reference"/>')],
     "<msIdentifier>", "an archival reference whose parts are all empty", {}),
    ("link-one-target", "schema.value",
     [('<link target="#ru-b1-s1 #en-rozas-b1-s1"', '<link target="#ru-b1-s1"')], '<link target="#ru-b1-s1"',
     "an alignment link with one target (TEI: a link joins two or more)", {}),
    ("date-two-kinds", "date.conflict",
     [('<date from="1950-01-01" to="1950-01-31">', '<date from="1950-01-01" notBefore="1950-01-01" to="1950-01-31" '
       'notAfter="1950-01-31">')], 'notBefore="1950-01-01" to=', "a period and an uncertain point at once", {}),
    ("who-unknown", "who.unknown", [('<sp who="#mao-zedong">\n       <speaker>Mao Zedong:',
                                     '<sp who="#mao-zedung">\n       <speaker>Mao Zedong:')], "#mao-zedung",
     "a speaker who is not a participant (did you mean mao-zedong?)", {}),
    ("who-not-a-person", "who.unknown", [('<sp who="#stalin">\n       <speaker>Stalin:',
                                          '<sp who="#dalian">\n       <speaker>Stalin:')], 'who="#dalian"',
     "a speaker pointing to a place", {}),
]

FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
 <teiHeader>
  <fileDesc>
   <titleStmt><title>Minutes of a meeting (another archive)</title></titleStmt>
   <publicationStmt>
    {pub}
   </publicationStmt>
   <sourceDesc><p>Typescript.</p></sourceDesc>
  </fileDesc>
 </teiHeader>
 <text>
  <body>
   <p>See <ref target="{target}">the previous meeting</ref>.</p>
  </body>
 </text>
</TEI>
"""


def line_of(text: str, anchor: str) -> int:
    if text.count(anchor) != 1:
        raise SystemExit(f"anchor {anchor!r} occurs {text.count(anchor)} times")
    return text[:text.index(anchor)].count("\n") + 1


def main() -> None:
    cases: list[tuple[str, str, int | None, str, dict]] = []
    for name, code, edits, anchor, why, extra in EDITS:
        text = BASE
        for old, new in edits:
            if text.count(old) != 1:
                raise SystemExit(f"{name}: {old!r} occurs {text.count(old)} times in the base")
            text = text.replace(old, new)
        (HERE / f"{name}.xml").write_text(text, encoding="utf-8")
        cases.append((name, code, line_of(text, anchor), why, extra))
    cp1251 = BASE.replace("Запись беседы", "Запись беседы")
    (HERE / "xml-wrong-encoding.xml").write_bytes(cp1251.encode("cp1251"))
    cases.append(("xml-wrong-encoding", "input.encoding", line_of(cp1251, "Запись беседы"),
                  "declared UTF-8, written in Windows-1251", {}))
    (HERE / "xml-empty.xml").write_bytes(b"")
    cases.append(("xml-empty", "input.empty", None, "an empty file", {}))
    (HERE / "xml-binary.xml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    cases.append(("xml-binary", "input.binary", None, "a binary file named .xml", {}))
    foreign = FOREIGN.format(pub='<date when="1958-11-07">7 November 1958</date>\n    <publisher>Office</publisher>',
                             target="#minutes-1957")
    (HERE / "foreign-tei-invalid.xml").write_text(foreign, encoding="utf-8")
    cases.append(("foreign-tei-invalid", "tei.element", line_of(foreign, '<date when="1958-11-07">'),
                  "another archive's file: a date before the publisher (TEI's own content model)", {"tei": True}))
    foreign = FOREIGN.format(pub="<publisher>Office</publisher>", target="../1957/minutes.xml#p1")
    (HERE / "foreign-ref-external.xml").write_text(foreign, encoding="utf-8")
    cases.append(("foreign-ref-external", "ref.external", line_of(foreign, "../1957/minutes.xml"),
                  "another archive's pointer into a file that is not here", {"tei": True, "severity": "warning"}))
    foreign = FOREIGN.format(pub="<publisher>Office</publisher>", target="https://history.state.gov/1957").replace(
        "<p>See", '<p>On <date when="1958-11-07" notBefore="1958-11-01">7 November</date>. See')
    (HERE / "foreign-tei-rule.xml").write_text(foreign, encoding="utf-8")
    cases.append(("foreign-tei-rule", "tei.rule", line_of(foreign, 'notBefore="1958-11-01"'),
                  "another archive's file breaking one of TEI's own Schematron constraints (@when with @notBefore)",
                  {"tei": True}))
    lines = ["# The bad-input corpus: each file breaks one thing; the validator must report `code` on `line`.",
             "# Written by _make.py (lines found from the change itself, not from the validator).", ""]
    for name, code, line, why, extra in sorted(cases):
        lines += ["[[case]]", f'file = "{name}.xml"', f'code = "{code}"']
        if line is not None:
            lines.append(f"line = {line}")
        lines += [f"{key} = {str(value).lower() if isinstance(value, bool) else repr(value).replace(chr(39), chr(34))}"
                  for key, value in extra.items()]
        lines += [f'why = "{why}"', ""]
    (HERE / "expected.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
