"""``align_tree``: the alignment stage of the pipeline, on one conversation's TEI tree.

Why on the tree and not on the document model: it runs after the TEI writer and after
entity tagging, so it sees (and must keep intact) every inline element they made, and it
can be run again on a built file (``edition align``) with the same result.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import Diagnostic
from ..registers import PersonRegister
from . import standoff
from .aligner import Item, PairAligner, PairLink, Params
from .features import ENTITY_TAGS, features
from .overrides import load_locks, pair_locks
from .segment import T, XML_ID, Segment, segment_text


def conversation_key(tree: etree._ElementTree) -> str:
    """The key naming the conversation's override file: the edition idno the writer gives it."""
    idno = tree.getroot().find(f"{T}teiHeader/{T}fileDesc/{T}publicationStmt/{T}idno[@type='edition']")
    if idno is not None and (idno.text or "").strip():
        return idno.text.strip()
    return Path(tree.docinfo.URL or "conversation").stem


def _editors(root: etree._Element) -> str | None:
    ids = [el.get(XML_ID) for el in root.iter(f"{T}editor") if el.get(XML_ID)]
    return " ".join(f"#{i}" for i in ids) or None


def versions(root: etree._Element) -> list[etree._Element]:
    """The language versions (``text/group/text[@xml:id]``), the original first."""
    texts = [t for t in root.findall(f"{T}text/{T}group/{T}text") if t.get(XML_ID)]
    return sorted(texts, key=lambda t: t.get("type") != "original")


def align_tree(tree: etree._ElementTree, overrides_dir: Path | None, register: PersonRegister | None = None,
               params: Params | None = None) -> list[Diagnostic]:
    """Segment every version, align each translation to the original, write the links.

    A no-op for a conversation with one version. A version the entity tagger has not run on gets its
    name anchors from ``register``'s entity index; without registers it has none. Returns what the editor should know:
    stale or malformed overrides. Low-confidence links are in the tree (``@cert='low'``);
    ``edition align`` lists them."""
    root = tree.getroot()
    texts = versions(root)
    if len(texts) < 2:
        return []
    index = register.index if register is not None else None  # names of untagged versions (no @ref)
    key = conversation_key(tree)
    path = Path(overrides_dir) / f"{key}.toml" if overrides_dir is not None else Path(f"{key}.toml")
    specs, diagnostics = load_locks(path) if overrides_dir is not None else ([], [])
    segments: dict[str, list[Segment]] = {}
    items: dict[str, list[Item]] = {}
    for text in texts:
        tid = text.get(XML_ID)
        segments[tid] = segment_text(text, tid)
        tagged = any(el.get("ref") for el in text.iter(*ENTITY_TAGS))  # the entity tagger has run
        items[tid] = [Item(s, features(s, None if tagged else index)) for s in segments[tid]]
    source = texts[0].get(XML_ID)
    for spec in specs:
        for version in sorted(set(spec.refs) - set(items)):
            diagnostics.append(Diagnostic("align.override-version", "warning",
                                          f"lock {spec.number}: '{version}' is no version of {key} "
                                          f"({', '.join(items)})", str(path), spec.line))
    aligner = PairAligner(params)
    results: dict[str, list[PairLink]] = {}
    for text in texts[1:]:
        tid = text.get(XML_ID)
        locks, excluded, problems = pair_locks(specs, source, tid, items, path)
        diagnostics += problems
        results[tid] = aligner.align(items[source], items[tid], locks, excluded)
    standoff.write(root, source, results, segments, _editors(root))
    return list(dict.fromkeys(diagnostics))
