"""The print HTML as WeasyPrint lays it out: parsed by lxml (edition.publish.pdf.parsed_html) into the
same tree as WeasyPrint's own HTML5 parser (tinyhtml5) makes of it."""

from __future__ import annotations

import tinyhtml5

from edition.publish.pdf import parsed_html


def _differences(ours, theirs, path: str = "") -> list[str]:
    here = f"{path}/{ours.tag}"
    if (ours.tag, dict(ours.attrib), ours.text or "", ours.tail or "") != \
            (theirs.tag, dict(theirs.attrib), theirs.text or "", theirs.tail or ""):
        return [here]
    if len(ours) != len(theirs):
        return [f"{here}: {len(ours)} children, not {len(theirs)}"]
    return [d for a, b in zip(ours, theirs) for d in _differences(a, b, here)]


def _text(element) -> str:
    own = (element.text or "") if isinstance(element.tag, str) else ""
    return own + "".join(_text(child) + (child.tail or "") for child in element)


def _theirs(path):
    with open(path, "rb") as file:
        return tinyhtml5.parse(file, namespace_html_elements=False)


def test_lxml_gives_weasyprint_the_tree_its_own_parser_makes(seed_print):
    out, _ = seed_print
    book = out / "edition.html"
    found = _differences(parsed_html(book).etree_element, _theirs(book))
    assert found == [], found[:5]


def test_comments_are_left_out_and_the_text_after_them_kept(tmp_path):
    odd = tmp_path / "odd.html"
    odd.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>t</title></head><body>"
                   "<p>a <!-- c --> b<span>x</span><!-- d -->y</p><p>&nbsp;é 毛</p></body></html>", encoding="utf-8")
    ours, theirs = parsed_html(odd).etree_element, _theirs(odd)
    # (WeasyPrint lays out no comment, only the text after it)
    assert _text(ours) == _text(theirs) == "ta  bxy\u00a0é 毛"
    assert [e.tag for e in ours.iter()] == [e.tag for e in theirs.iter() if isinstance(e.tag, str)]
