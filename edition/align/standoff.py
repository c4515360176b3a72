"""The alignment in TEI: ``standOff/linkGrp[@type='translation']``, one per version pair and level.

Why stand-off: a sentence may belong to several alignments (one per translation) and a
link may join sentences of different paragraphs; neither nests in the text. The text
stays as the source gives it; the links point into it.

    <standOff>
     <linkGrp type="translation" subtype="sentence" corresp="#ru #en-rozas">
      <link target="#ru-b6-s1 #en-rozas-b5-s1" cert="0.98"/>
      <ptr type="unaligned" target="#en-shaturin-b1-s1" cert="1.00"/>

``@cert`` is the confidence, a probability with two decimals (TEI's teidata.probCert: the
posterior probability of the link; issue 9 asked for it there rather than in ``@n``); what
readers are told (high, medium, low) is :func:`certainty` of it. Locked links have 1.00
and ``@resp`` (the editors). A segment with no
counterpart is a ``ptr[@type='unaligned']`` in the pair's group: a ``link`` needs two
targets in TEI. Paragraph links (``subtype="paragraph"``) join the blocks whose
sentences are linked, so merged or split paragraphs become one link.
"""

from __future__ import annotations

from lxml import etree

from .aligner import PairLink
from .segment import T, XML_ID, Segment

HIGH, MEDIUM = 0.9, 0.6


def certainty(score: float) -> str:
    """Why these cut-offs: over 200 perturbed alignments of the development gold (29,000 links; benchmarks/align.py,
    docs/alignment.md) links scored ≥ 0.9 were right 99.97% of the time, 0.6–0.9 96%, below 0.6 39%:
    listing medium and low links shows an editor most errors in about 2% of the links."""
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def certainty_of(el: etree._Element) -> str:
    """high, medium or low for a link or ptr: of its probability, or the word itself (files written before the
    probability, or by hand: TEI allows either in @cert); low when it has none."""
    cert = (el.get("cert") or "").strip()
    try:
        return certainty(float(cert))
    except ValueError:
        return cert if cert in ("high", "medium", "low") else "low"


def clear(root: etree._Element) -> None:
    """Remove the translation links an earlier run wrote (other stand-off material stays)."""
    for standoff in root.findall(f"{T}standOff"):
        for group in standoff.findall(f"{T}linkGrp[@type='translation']"):
            standoff.remove(group)
        if not len(standoff):
            root.remove(standoff)


def _standoff(root: etree._Element) -> etree._Element:
    existing = root.find(f"{T}standOff")
    if existing is not None:
        return existing
    standoff = etree.Element(f"{T}standOff")
    header = root.find(f"{T}teiHeader")
    header.addnext(standoff)
    return standoff


def _pointer(parent: etree._Element, tag: str, ids: list[str], score: float, locked: bool, resp: str | None,
             type_: str | None = None) -> None:
    el = etree.SubElement(parent, f"{T}{tag}")
    if type_:
        el.set("type", type_)
    el.set("target", " ".join(f"#{i}" for i in ids))
    score = round(score, 2)
    el.set("cert", f"{1.0 if locked else score:.2f}")
    if locked and resp:
        el.set("resp", resp)


def ordered(links: list[PairLink], src_pos: dict[str, int], tgt_pos: dict[str, int]) -> list[PairLink]:
    """Links in reading order of the source; a translation-only segment after the link before it."""
    main = sorted((k for k in links if k.src), key=lambda k: src_pos[k.src[0]])
    # Each translation-only segment goes before the first source link whose translation comes after it. Taken in
    # the translation's order, that link is never earlier than the last one's: one pass, not a search and an
    # insert per segment.
    before: list[list[PairLink]] = [[] for _ in range(len(main) + 1)]
    at = 0
    for extra in sorted((k for k in links if not k.src), key=lambda k: tgt_pos[k.tgt[0]]):
        while at < len(main) and not (main[at].tgt and tgt_pos[main[at].tgt[0]] > tgt_pos[extra.tgt[0]]):
            at += 1
        before[at].append(extra)
    out: list[PairLink] = []
    for n, link in enumerate(main):
        out += before[n]
        out.append(link)
    return out + before[len(main)]


def paragraph_links(links: list[PairLink], block_of: dict[str, str]) -> list[PairLink]:
    """Blocks joined by sentence links, as connected components; blocks with no linked sentence alone."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]  # path halving: the same roots, without long chains to walk
            x = parent[x]
        return x

    for link in links:
        for sid in link.src + link.tgt:
            find(block_of[sid])
        if link.src and link.tgt:
            blocks = [block_of[s] for s in link.src + link.tgt]
            for b in blocks[1:]:
                parent[find(b)] = find(blocks[0])
    members: dict[str, list[str]] = {}
    seen: set[str] = set()
    scores: dict[str, float] = {}
    locked: dict[str, bool] = {}
    for link in links:
        for sid in link.src + link.tgt:
            root = find(block_of[sid])
            members.setdefault(root, [])
            if block_of[sid] not in seen:
                seen.add(block_of[sid])
                members[root].append(block_of[sid])
            scores[root] = min(scores.get(root, 1.0), link.score)
            locked[root] = locked.get(root, True) and link.locked
    out = []
    src_blocks = {block_of[s] for k in links for s in k.src}
    for root, blocks in members.items():
        out.append(PairLink([b for b in blocks if b in src_blocks], [b for b in blocks if b not in src_blocks],
                            scores[root], locked[root]))
    return out


def write(root: etree._Element, source: str, results: dict[str, list[PairLink]],
          segments: dict[str, list[Segment]], resp: str | None) -> None:
    """Write every pair's sentence and paragraph links (after removing old ones)."""
    clear(root)
    standoff = _standoff(root)
    block_of = {s.id: s.block for seq in segments.values() for s in seq}
    for translation, links in results.items():
        src_pos = {s.id: n for n, s in enumerate(segments[source])}
        tgt_pos = {s.id: n for n, s in enumerate(segments[translation])}
        for level, group_links in (("paragraph", paragraph_links(links, block_of)), ("sentence", links)):
            if level == "paragraph":
                src_pos_b = {s.block: n for n, s in reversed(list(enumerate(segments[source])))}
                tgt_pos_b = {s.block: n for n, s in reversed(list(enumerate(segments[translation])))}
                group_links = ordered(group_links, src_pos_b, tgt_pos_b)
            else:
                group_links = ordered(group_links, src_pos, tgt_pos)
            group = etree.SubElement(standoff, f"{T}linkGrp", type="translation", subtype=level,
                                     corresp=f"#{source} #{translation}")
            for link in group_links:
                if link.src and link.tgt:
                    _pointer(group, "link", link.src + link.tgt, link.score, link.locked, resp)
                else:
                    _pointer(group, "ptr", link.src or link.tgt, link.score, link.locked, resp, "unaligned")


def targets_resolve(root: etree._Element) -> list[str]:
    """Pointers of the translation links that name no element of the document (for tests and checks)."""
    ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    missing = []
    for group in root.iter(f"{T}linkGrp"):
        for el in [group, *group]:
            for attr in ("target", "corresp", "resp"):
                missing += [p for p in el.get(attr, "").split() if p[1:] not in ids]
    return missing


def between_translations(root: etree._Element, first: str, second: str) -> list[tuple[list[str], list[str]]]:
    """The correspondence of two translations, derived through the original they are both aligned to.

    Two sentence links (source ↔ ``first``, source ↔ ``second``) that share a source sentence
    belong together; their transitive closure is one correspondence (``first`` ids, ``second``
    ids), in the source's order. Segments without counterpart in the source have none here."""
    by_source: dict[str, list[tuple[str, list[str]]]] = {}
    for group in root.iter(f"{T}linkGrp"):
        if group.get("type") != "translation" or group.get("subtype") != "sentence":
            continue
        source, translation = (p.lstrip("#") for p in group.get("corresp").split())
        if translation not in (first, second):
            continue
        for el in group.iter(f"{T}link"):
            ids = [p.lstrip("#") for p in el.get("target").split()]
            side = [i for i in ids if i.startswith(f"{translation}-")]
            for sid in ids:
                if not sid.startswith(f"{translation}-"):
                    by_source.setdefault(sid, []).append((translation, side))
    out: list[tuple[list[str], list[str]]] = []
    for entries in by_source.values():
        a = [i for t, side in entries if t == first for i in side]
        b = [i for t, side in entries if t == second for i in side]
        if not (a and b):
            continue  # the source sentence has no counterpart in one of them
        if out and (set(a) & set(out[-1][0]) or set(b) & set(out[-1][1])):
            out[-1] = (list(dict.fromkeys(out[-1][0] + a)), list(dict.fromkeys(out[-1][1] + b)))
        else:
            out.append((a, b))
    return out
