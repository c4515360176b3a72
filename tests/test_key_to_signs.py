"""The key to signs (edition/xslt/common/key.xsl): one row for each kind of sign the texts use and none for
the others, in the same words on the web and in print (issue 9: "HTML and PDF show the new distinctions, a key
to signs on the web as in print")."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.publish import xslt
from edition.resources import resource

TEI_TEXT = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>
  After taking Beiping <supplied reason="gloss">Beijing</supplied>,
  <supplied reason="identification">PRC Ambassador</supplied> Wang Jiaxiang said it was disadvantageous
  <supplied reason="original-wording" xml:lang="zh-Latn">buli</supplied> and
  <choice><sic>terlet</sic><corr>teryaet</corr></choice>, <gap reason="lost" unit="word"><desc>one word missing</desc></gap>.
</p></body></text></TEI>"""


def _driver(tmp_path: Path) -> Path:
    key = Path(str(resource("xslt", "common", "key.xsl"))).resolve()
    driver = tmp_path / "driver.xsl"
    driver.write_text(f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ed="urn:x-edition:functions"
        xpath-default-namespace="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="#all">
      <xsl:include href="{key.as_uri()}"/>
      <xsl:param name="medium" as="xs:string" select="'web'"/>
      <xsl:output method="xml"/>
      <xsl:template match="/"><table><xsl:sequence select="ed:key-rows(/TEI/text, $medium)"/></table></xsl:template>
    </xsl:stylesheet>""", encoding="utf-8")
    return driver


def _rows(tmp_path: Path, tei: str, medium: str) -> list[tuple[str, str]]:
    out = tmp_path / f"key-{medium}.xml"
    xslt.load(_driver(tmp_path)).transform(None, out, xml_text=tei, params={"medium": medium})
    table = etree.parse(str(out)).getroot()
    return [("".join(tr[0].itertext()), "".join(tr[1].itertext())) for tr in table.iter("tr")]


@pytest.mark.parametrize("medium", ["web", "print"])
def test_the_key_has_a_row_for_each_sign_used_and_none_other(tmp_path, medium):
    rows = _rows(tmp_path, TEI_TEXT, medium)
    meanings = [meaning for _, meaning in rows]
    assert any("another name" in m for m in meanings)
    assert any("who the person named next is" in m for m in meanings)
    assert any("romanised" in m for m in meanings)
    assert any("passage lost" in m for m in meanings)
    assert any("corrected" in m for m in meanings)
    # not used in this text: plain supplied words, completions, punctuation, page breaks, uncertain readings
    assert not any(m.startswith(("words supplied", "a word completed", "punctuation", "the beginning of page",
                                 "an uncertain reading")) for m in meanings), meanings
    corrected = next(m for m in meanings if "corrected" in m)
    assert ("footnote" in corrected) == (medium == "print")


def test_a_text_without_editorial_signs_has_no_key(tmp_path):
    assert _rows(tmp_path, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>Plain.</p></body></text></TEI>',
                 "web") == []
