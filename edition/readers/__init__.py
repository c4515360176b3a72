"""Readers of source layouts. Most exports need none of their own: the export reader runs the
extractors of ``edition.extract`` on any layout; the others are kept for the seeds' web layouts."""

from __future__ import annotations

from ..errors import Diagnostic, EditionError
from ..source import Source
from .archive_page import ArchivePageReader
from .base import ReadEnv, Reader
from .export import ExportReader
from .fragment import FragmentReader
from .generic import GenericReader
from .memorandum import MemorandumReader
from .wilson import WilsonReader

READERS: dict[str, type[Reader]] = {
    reader.name: reader
    for reader in (ExportReader, WilsonReader, ArchivePageReader, FragmentReader, MemorandumReader, GenericReader)
}
DETECTION_THRESHOLD = 0.5


def choose_reader(source: Source, layout: str | None = None) -> Reader:
    """The reader named by ``layout``, or the most confident one (generic if none is sure)."""
    if layout:
        if layout not in READERS:
            raise EditionError(Diagnostic("convert.unknown-layout", "error",
                                          f"unknown layout '{layout}'; known: {', '.join(READERS)}", str(source.path)))
        return READERS[layout]()
    return ranked_readers(source)[0]


def ranked_readers(source: Source) -> list[Reader]:
    """Readers to try in turn: the confident ones, best first, then the export reader (which
    works on any layout) and last the generic one."""
    scored = sorted(((cls().detect(source), name) for name, cls in READERS.items()), reverse=True)
    names = [name for score, name in scored if score >= DETECTION_THRESHOLD]
    names += [name for name in (ExportReader.name, GenericReader.name) if name not in names]
    return [READERS[name]() for name in names]


__all__ = ["READERS", "ReadEnv", "Reader", "choose_reader", "ranked_readers"]
