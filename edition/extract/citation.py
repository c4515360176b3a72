"""The parts of an archive's citation line.

A Wilson Center citation reads: “Title,” Date, Programme Digital Archive, ARCHIVAL
REFERENCE. Reprinted in BOOK. Translated for CWIHP by NAME. URL — in any order after
the title, with any of them missing. Each part has its own small pattern; what none of
them recognises stays in the citation, which is kept whole in the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..archival import find_archival
from ..model import ArchivalRef

QUOTED_TITLE = re.compile(r"^\s*[“\"](?P<title>.+?),?[”\"],?\s*")
LEADING_DATE = re.compile(r"^(?P<date>(?:[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}))\s*,\s*")
PUBLISHER = re.compile(r"(?:History and Public Policy Program |Wilson Center )?(?:Digital Archive|CWIHP Bulletin[^,.]*)")
REPRINTED = re.compile(r"\b(?:Reprinted|Published|Printed|First published) in (?P<book>.+?)(?=\.\s+(?:Translated|Obtained|"
                       r"Contributed|https?://)|\.\s*$|$)", re.S)
# a word of a name: not the next line's first word ('… by Rosamund Teale' over 'No. 23' / 'Record of Conversation')
_NAME_WORD = (r"(?!(?:No|Nos|Document|Record|Records|Memorandum|Minutes|Cipher|Telegram|Source|Secret|Top|Copy|The"
              r"|Contents|Citation|Summary|Original|Keywords|Credits|Date|Title|Archive)\b)"
              r"[A-Z][\w'’-]+")
NAME = rf"(?:[A-Z]\.\s*)*{_NAME_WORD}(?:\s+(?:[A-Z]\.\s*)*{_NAME_WORD}){{0,3}}"
TRANSLATOR = re.compile(r"\b(?:[Tt]ranslated|[Tt]ranslation)(?: from (?:the )?(?P<from>[A-Z][a-z]+))?(?: for [A-Z][\w ]*?)?"
                        rf" by (?P<name>{NAME}(?:,? and {NAME})?)")
OBTAINED = re.compile(r"\b(?:Obtained|Contributed)(?: for [A-Z][\w ]*?)? by (?P<names>[^.]+?)\s*(?:\.|$)")
URL = re.compile(r"https?://\S+[^\s.,;)]")
# Hosts that serve copies of an archive's site (staging and test mirrors transcripts were saved from) and the
# archive's own host: the same path names the same document on both. Evidence (docs/encoding.md, Sources): the
# archive's citations give digitalarchive.wilsoncenter.org/document/<number> (e.g. 111244, the record of
# 20 August 1952), and the mirrors serve the archive's pages under the same paths and slugs.
CANONICAL_HOSTS = {
    "wilson-center-digital-archive.dvincitest.com": "digitalarchive.wilsoncenter.org",
    "wilson-center.drivingcreative.com": "digitalarchive.wilsoncenter.org",
}
_HOST = re.compile(r"^(?P<scheme>https?)://(?P<host>[^/:?#]+)(?P<rest>.*)$", re.I)


def canonical_url(url: str) -> str:
    """The archive's own address for a URL found on one of its mirrors (``CANONICAL_HOSTS``), over https; any
    other URL as it is. Why: a published edition must not send readers to a staging copy that may vanish."""
    m = _HOST.match(url)
    if not m or m.group("host").lower() not in CANONICAL_HOSTS:
        return url
    return f"https://{CANONICAL_HOSTS[m.group('host').lower()]}{m.group('rest')}"


@dataclass
class Citation:
    text: str
    title: str | None = None
    date_text: str | None = None
    publisher: str | None = None
    archival: list[ArchivalRef] = field(default_factory=list)
    published_in: str | None = None
    translator: str | None = None
    translated_from: str | None = None
    obtained_by: list[str] = field(default_factory=list)
    url: str | None = None


def parse_citation(text: str) -> Citation:
    """The parts of ``text`` (see the module docstring); ``text`` itself is kept whole."""
    text = " ".join(text.split())
    cit = Citation(text)
    rest = text
    m = QUOTED_TITLE.match(rest)
    if m:
        cit.title = m.group("title").strip()
        rest = rest[m.end():]
        d = LEADING_DATE.match(rest)
        if d:
            cit.date_text = d.group("date")
    p = PUBLISHER.search(rest)
    if p:
        cit.publisher = p.group(0).strip()
    cit.archival = [ref for _, _, ref in find_archival(rest)]
    r = REPRINTED.search(rest)
    if r:
        cit.published_in = r.group("book").strip(" .")
    elif p and not cit.archival:  # no archive: what follows the publisher is the printed source
        source = re.split(r"\.\s+(?:[Tt]ranslated|Obtained|Contributed)\b|\s+https?://", rest[p.end():])[0]
        cit.published_in = source.strip(" ,.") or None
    t = TRANSLATOR.search(rest)
    if t:
        cit.translator = t.group("name").strip(" .")
        cit.translated_from = t.group("from")
    o = OBTAINED.search(rest)
    if o:
        cit.obtained_by = [o.group("names").strip()]
    u = URL.search(rest)
    if u:
        cit.url = u.group(0)
    return cit
