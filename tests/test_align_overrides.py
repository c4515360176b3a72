"""Editor locks in seeds/alignment/<conversation>.toml: they change the link, constrain the
programme, survive rebuilds and re-segmentation, and are reported when their text changed."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from edition.align import align_tree
from edition.align.evaluate import seed_trees
from edition.align.segment import fingerprint, flat_text, normalise

from .conftest import repo_project
from .teitext import TEI

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
KEY = "1950-01-22-stalin-mao-zedong"


@pytest.fixture(scope="module")
def pristine():
    """The conversation as the pipeline writes it, before alignment (a fresh copy is a rebuild)."""
    return seed_trees(repo_project())[KEY]


def _build(pristine, overrides, edit=None):
    tree = copy.deepcopy(pristine)
    if edit:
        edit(tree.getroot())
    return tree, align_tree(tree, overrides)


def _links(tree, translation="en-shaturin"):
    group = next(g for g in tree.getroot().iter(f"{TEI}linkGrp")
                 if g.get("subtype") == "sentence" and g.get("corresp") == f"#ru #{translation}")
    return {el.get("target"): el for el in group}


def _ref(tree, sid):
    s = next(el for el in tree.getroot().iter(f"{TEI}s") if el.get(XML_ID) == sid)
    return f"{sid}@{fingerprint(normalise(flat_text(s)))}"


def _write(overrides, body):
    overrides.mkdir(exist_ok=True)
    (overrides / f"{KEY}.toml").write_text(body, encoding="utf-8")


def _prepend_paragraph(root):
    """A new first paragraph in the Russian record: every later block of the original is renumbered."""
    div = root.find(f".//{TEI}text[@{XML_ID}='ru']//{TEI}div[@type='record']")
    head = div.find(f"{TEI}head")
    p = etree.Element(f"{TEI}p")
    p.text = "Совершенно секретно."
    head.addprevious(p)


def test_a_lock_changes_the_link_and_survives_rebuilds_and_resegmentation(pristine, tmp_path):
    overrides = tmp_path / "alignment"
    before, diagnostics = _build(pristine, overrides)
    assert diagnostics == []
    assert "#ru-b33-s2 #en-shaturin-b36-s2 #en-shaturin-b36-s3" in _links(before)
    # the editor decides that ru-b33-s2 is rendered by the first English sentence alone
    _write(overrides, f'''# 22 January 1950: editor decisions
[[lock]]
ru = "{_ref(before, 'ru-b33-s2')}"
en-shaturin = "{_ref(before, 'en-shaturin-b36-s2')}"
note = "the second sentence renders the clause after the comma"
''')
    for rebuild in range(2):
        after, diagnostics = _build(pristine, overrides)
        assert diagnostics == [], rebuild
        links = _links(after)
        locked = links["#ru-b33-s2 #en-shaturin-b36-s2"]
        assert locked.get("resp") == "#ed1" and locked.get("cert") == "1.00"
        assert "#ru-b33-s2 #en-shaturin-b36-s2 #en-shaturin-b36-s3" not in links
        assert any("#en-shaturin-b36-s3" in target for target in links)  # the rest is realigned around it
        assert set(_links(after, "en-rozas")) == set(_links(before, "en-rozas"))  # the other pair is untouched
    # a re-segmentation that renumbers the blocks but leaves the sentences' text alone
    moved, diagnostics = _build(pristine, overrides, _prepend_paragraph)
    assert [d.code for d in diagnostics] == ["align.override-moved"]
    assert "'ru-b33-s2' is now 'ru-b34-s2'" in diagnostics[0].message
    assert _links(moved)["#ru-b34-s2 #en-shaturin-b36-s2"].get("resp") == "#ed1"


def test_a_lock_whose_text_changed_is_reported_and_not_applied(pristine, tmp_path):
    overrides = tmp_path / "alignment"
    before, _ = _build(pristine, overrides)
    _write(overrides, f'''[[lock]]
ru = "{_ref(before, 'ru-b33-s2')}"
en-shaturin = "{_ref(before, 'en-shaturin-b36-s2')}"
''')

    def retranslate(root):
        paras = root.findall(f".//{TEI}text[@{XML_ID}='en-shaturin']//{TEI}p")
        target = next(x for x in paras if "We agree with comrade Stalin" in "".join(x.itertext()))
        for el in target.iter():  # the words may sit in the paragraph or in an s of an earlier run
            if el.text and "We agree with" in el.text:
                el.text = el.text.replace("We agree with", "We fully agree with")

    after, diagnostics = _build(pristine, overrides, retranslate)
    assert [(d.code, d.severity) for d in diagnostics] == [("align.override-stale", "warning")]
    assert str(overrides / f"{KEY}.toml") == diagnostics[0].file and diagnostics[0].line == 1
    assert "#ru-b33-s2 #en-shaturin-b36-s2" not in _links(after)
    assert "#ru-b33-s2 #en-shaturin-b36-s2 #en-shaturin-b36-s3" in _links(after)


def test_a_sentence_can_be_locked_as_having_no_counterpart(pristine, tmp_path):
    overrides = tmp_path / "alignment"
    before, _ = _build(pristine, overrides)
    _write(overrides, f'''[[lock]]
ru = ""
en-shaturin = "{_ref(before, 'en-shaturin-b60-s3')}"
''')
    after, diagnostics = _build(pristine, overrides)
    assert diagnostics == []
    ptr = _links(after)["#en-shaturin-b60-s3"]
    assert ptr.tag == f"{TEI}ptr" and ptr.get("type") == "unaligned" and ptr.get("resp") == "#ed1"


def test_malformed_and_crossing_locks_are_errors(pristine, tmp_path):
    overrides = tmp_path / "alignment"
    before, _ = _build(pristine, overrides)
    _write(overrides, f'''[[lock]]
ru = "{_ref(before, 'ru-b40-s1')}"
en-shaturin = "{_ref(before, 'en-shaturin-b43-s1')}"

[[lock]]
ru = "{_ref(before, 'ru-b39-s1')}"
en-shaturin = "{_ref(before, 'en-shaturin-b44-s1')}"

[[lock]]
ru = "ru-b5-s1"
en-shaturin = "{_ref(before, 'en-shaturin-b8-s1')}"

[[lock]]
ru = "{_ref(before, 'ru-b5-s1')}"
en-shaturn = "{_ref(before, 'en-shaturin-b8-s1')}"
''')
    _, diagnostics = _build(pristine, overrides)
    assert sorted((d.code, d.line) for d in diagnostics) == [
        ("align.override-crossing", 5), ("align.override-fingerprint", 9), ("align.override-version", 13)]
    _write(overrides, "[[lock]\nru = ")
    _, diagnostics = _build(pristine, overrides)
    assert [d.code for d in diagnostics] == ["align.override-syntax"]
