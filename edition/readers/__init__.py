"""Readers, one per source layout. Adding a layout = one module + one row in READERS."""

from __future__ import annotations

from ..errors import Diagnostic, EditionError
from ..source import Source
from .archive_page import ArchivePageReader
from .base import ReadEnv, Reader
from .fragment import FragmentReader
from .generic import GenericReader
from .memorandum import MemorandumReader
from .wilson import WilsonReader

READERS: dict[str, type[Reader]] = {
    reader.name: reader
    for reader in (WilsonReader, ArchivePageReader, FragmentReader, MemorandumReader, GenericReader)
}
DETECTION_THRESHOLD = 0.5


def choose_reader(source: Source, layout: str | None = None) -> Reader:
    """The reader named by ``layout``, or the most confident one (generic if none is sure)."""
    if layout:
        if layout not in READERS:
            raise EditionError(Diagnostic("convert.unknown-layout", "error",
                                          f"unknown layout '{layout}'; known: {', '.join(READERS)}", str(source.path)))
        return READERS[layout]()
    scored = sorted(((cls().detect(source), name) for name, cls in READERS.items()), reverse=True)
    score, name = scored[0]
    return READERS[name]() if score >= DETECTION_THRESHOLD else GenericReader()


__all__ = ["READERS", "ReadEnv", "Reader", "choose_reader"]
