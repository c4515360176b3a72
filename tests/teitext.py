"""Helpers for tests: the words of a TEI element in document order."""

from __future__ import annotations

import re

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
WORD = re.compile(r"\w+")


def words(el: etree._Element) -> list[str]:
    """Words of the text content; lb and pb separate words (pb also contributes its @n), and so
    do the edges of elements that stand for the source's brackets (comr[ade] = comr<supplied>ade…)."""
    parts: list[str] = []
    bracketed = {f"{TEI}{name}" for name in ("supplied", "gap", "note", "choice", "sic", "corr")}

    def walk(node: etree._Element) -> None:
        if node.tag in (f"{TEI}lb", f"{TEI}pb"):
            parts.append(" ")
            if node.tag == f"{TEI}pb" and node.get("n"):
                parts.append(f" {node.get('n')} ")
        elif node.text:
            parts.append(node.text)
        for child in node:
            edge = " " if child.tag in bracketed else ""
            parts.append(edge)
            walk(child)
            parts.append(edge)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return WORD.findall("".join(parts))


def is_subsequence(needle: list[str], haystack: list[str]) -> tuple[bool, int]:
    """Whether needle occurs in order in haystack; on failure, the index of the first missing word."""
    it = iter(haystack)
    for i, word in enumerate(needle):
        for candidate in it:
            if candidate == word:
                break
        else:
            return False, i
    return True, len(needle)
