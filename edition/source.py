"""Reading a transcript file into text, with clear errors for what cannot be read.

Accepted: UTF-8 (with or without BOM), CRLF or CR line ends, and legacy Cyrillic
cp1251 (decoded with a warning, since archives still send such files). Refused with
exit code 3: missing paths, directories, empty files, binary files.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic, InputError

MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024


@dataclass
class Source:
    path: Path
    text: str
    encoding: str
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _refuse(path: Path, code: str, message: str) -> InputError:
    return InputError(Diagnostic(code, "error", message, str(path)))


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str, list[Diagnostic]]:
    warnings: list[Diagnostic] = []
    if encoding:
        try:
            return data.decode(encoding), encoding, warnings
        except (UnicodeDecodeError, LookupError) as exc:
            raise _refuse(path, "input.encoding", f"cannot decode as {encoding}: {exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise _refuse(path, "input.binary", "this is a binary file, not a text transcript")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = data.decode("cp1251", errors="replace")
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if letters and "\ufffd" not in text and cyrillic / len(letters) > 0.3:
        warnings.append(Diagnostic("input.legacy-encoding", "warning",
                                   "not UTF-8; decoded as Windows-1251 (Cyrillic). Use --encoding to override", str(path)))
        return text, "cp1251", warnings
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(Diagnostic("input.encoding", "error",
                                f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x}); give --encoding", str(path), line))


def load_source(path: Path, encoding: str | None = None) -> Source:
    if not path.exists():
        raise _refuse(path, "input.missing", "no such file")
    if path.is_dir():
        raise _refuse(path, "input.directory", "is a directory; give transcript files")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, "input.unreadable", f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise _refuse(path, "input.too-large", f"{len(data)} bytes; the limit is {MAX_TRANSCRIPT_BYTES}")
    text, used, warnings = decode(data, path, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise _refuse(path, "input.empty", "the file is empty")
    controls = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]
    if len(controls) > 0.01 * len(text):
        raise _refuse(path, "input.binary", "too many control characters for a text transcript")
    return Source(path, text, used, warnings)
