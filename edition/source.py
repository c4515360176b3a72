"""Reading a transcript file into text, with clear errors for what cannot be read and nothing changed unsaid.

Decoding (``decode``), in this order (docs/encoding.md, "Input decoding"):

1. ``--encoding`` given: the bytes are decoded with it strictly; text that does not read as the language it
   seems to be in (mojibake Russian, accented Latin soup, C1 controls) is warned about
   (``input.implausible-encoding``), naming the encoding the detection would choose.
2. A byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE, read strictly.
3. UTF-16 without a BOM: NUL bytes almost all on one side of the code units, and the decoded text textual.
4. A binary file (many C0 control bytes) is refused; then UTF-8, strictly.
5. Otherwise a legacy Cyrillic code page: charset-normalizer proposes, and a plausibility check of the decoded
   Russian (letter frequencies, stray symbols, Cyrillic letters inside Latin words) chooses among cp1251,
   KOI8-R, cp866, Mac Cyrillic and ISO 8859-5, warned about (``input.legacy-encoding``); a file that mixes
   UTF-8 lines with lines of one such code page is read line by line, warned about; anything else is refused
   with exit code 3 (``input.encoding``), with the detector's guess for ``--encoding``.

Then CR and CRLF become LF, the text is NFC, and characters XML or the readers cannot take are mapped
recoverably and reported (``map_controls``, ``input.control-character``): C0 controls other than tab and line
feed, and DEL, become their Unicode Control Pictures (U+2400 + code, U+2421), except a form feed that begins a
line (a page break, kept for the readers); C1 controls become U+FFFD (XML allows them, HTML output does not); NEL and LINE
SEPARATOR become a line feed, PARAGRAPH SEPARATOR a blank line; noncharacters become U+FFFD. Refused with exit
code 3: missing paths, directories, empty files, binary files, undecodable bytes.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic, InputError

# A TEI (or other XML, or HTML) file is not a transcript: read as text, the whole file would be escaped into one
# paragraph and a date picked from anywhere.
MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml\b|!DOCTYPE\b|TEI\b|teiCorpus\b|[\w.-]+:TEI\b|html\b)", re.I)
MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024
SAMPLE = 64 * 1024  # characters (or bytes) the detection and the plausibility check look at: cost stays flat


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


def _refuse(path: Path, code: str, message: str, line: int | None = None) -> InputError:
    return InputError(Diagnostic(code, "error", message, str(path), line))


# ------------------------------------------------------------------ characters the readers and XML cannot take

_NONCHARACTERS = [*range(0xFDD0, 0xFDF0), *(p * 0x10000 + low for p in range(17) for low in (0xFFFE, 0xFFFF))]
# what the text may not keep as it is, each to what it becomes (str.translate table)
CONTROL_MAP: dict[int, str] = {
    **{c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0C, 0x0D)},  # C0 → Control Pictures
    0x7F: "\u2421",  # DEL → SYMBOL FOR DELETE
    **{c: "\ufffd" for c in range(0x80, 0xA0) if c != 0x85},  # C1: legal in XML, an error in HTML output
    0x85: "\n", 0x2028: "\n", 0x2029: "\n\n",  # NEXT LINE, LINE SEPARATOR, PARAGRAPH SEPARATOR
    **{c: "\ufffd" for c in _NONCHARACTERS},
}
_SPECIAL_BMP = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(CONTROL_MAP)) + "]")  # slow: astral text only
# a form feed begins a page (pdftotext puts one at the start of each page's first line); one inside a line is not
_MIDLINE_FF = re.compile(r"(?<=[^\n\f])\f+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # what a binary file is full of (not \t \n \f)
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F))
_TRANSLATE = str.maketrans(CONTROL_MAP)


def _char_name(c: str) -> str:
    code = ord(c)
    if c == "\f":
        return "FORM FEED"
    if code < 0x20 or code == 0x7F:
        return unicodedata.name(CONTROL_MAP[code]).removeprefix("SYMBOL FOR ")
    if code == 0x85:
        return "NEXT LINE"
    if 0x80 <= code < 0xA0:
        return "C1 control"
    if code in CONTROL_MAP and CONTROL_MAP[code] == "\ufffd":
        return "noncharacter"
    return unicodedata.name(c, "control")


def _becomes(c: str) -> str:
    if c == "\f":
        return "inside a line, so no page break: kept as \u240c (U+240C, its Control Picture)"
    to = CONTROL_MAP[ord(c)]
    if to == "\n":
        return "read as a line break"
    if to == "\n\n":
        return "read as a paragraph break (a blank line)"
    if to == "\ufffd":
        return "replaced by U+FFFD"
    return f"kept as {to} (U+{ord(to):04X}, its Control Picture)"


def map_controls(text: str, path: Path | str | None = None) -> tuple[str, list[Diagnostic]]:
    """The text with every character of ``CONTROL_MAP`` mapped, and one warning per code point found: how
    many, what it became, and the line and column of its first occurrence (in ``text``'s own lines)."""
    astral = len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)  # 2 ms a megabyte; a search 160
    special = _SPECIAL if astral else _SPECIAL_BMP
    first = special.search(text)
    form_feed = "\f" in text and _MIDLINE_FF.search(text)
    if first is None and not form_feed:
        return text, []
    found: dict[str, list[int]] = {}  # character -> [count, position of the first]
    for m in special.finditer(text, first.start()) if first else ():
        entry = found.setdefault(m.group(), [0, m.start()])
        entry[0] += 1
    if form_feed:
        runs = list(_MIDLINE_FF.finditer(text, form_feed.start()))
        found["\f"] = [sum(len(m.group()) for m in runs), runs[0].start()]
        text = _MIDLINE_FF.sub(lambda m: "\u240c" * len(m.group()), text)
    diagnostics = []
    for c, (count, pos) in found.items():
        line = text.count("\n", 0, pos) + 1
        column = pos - text.rfind("\n", 0, pos)
        times = "" if count == 1 else f" ({count} times, the first here)"
        diagnostics.append(Diagnostic(
            "input.control-character", "warning",
            f"control character U+{ord(c):04X} {_char_name(c)}{times}: {_becomes(c)}",
            str(path) if path is not None else None, line, column))
    return text.translate(_TRANSLATE), diagnostics


# ------------------------------------------------------------------ does the decoded text read as a language?

# Russian letter frequencies in per cent (the National Corpus of the Russian Language)
RUSSIAN_LETTERS = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62, 2.01, 1.90, 1.74,
     1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32, 0.26, 0.04, 0.04)))
_NORM = math.sqrt(sum(v * v for v in RUSSIAN_LETTERS.values()))
_CYRILLIC = re.compile(r"[а-яё]+")
_PURE_CYRILLIC = re.compile(r"(?<![^\W\d_])[а-яё]+(?![^\W\d_])")  # a word of Cyrillic letters only
# non-ASCII characters a Russian text has no use for, among those a Cyrillic code page can produce (symbols,
# Serbian/Ukrainian letters, box drawing, C1 controls); CJK and later blocks are not judged
_ODD = re.compile("[^\x00-\x7f\u0410-\u044f\u0401\u0451«»—–„“”‘’…№°§\u00a0\u2e80-\U0010ffff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ACCENTED = re.compile(r"[\u00c0-\u024f]")
_C1 = re.compile("[\x80-\x9f]")
PLAUSIBLE = 0.8  # Russian texts score 0.86 (40 letters) to 0.995; the wrong code pages 0.75 at most
MIN_LETTERS = 20  # fewer Cyrillic letters than this are no evidence either way


def russian_score(text: str) -> tuple[float, int]:
    """(score, Cyrillic letters looked at): how much the text reads as Russian, 0 to 1: the cosine of its
    letter frequencies with Russian's, less the share of stray symbols and of Cyrillic letters inside words
    of other letters (latin-1 read as cp1251: 'rйsumй')."""
    sample = text[:SAMPLE].lower()
    letters = sum(map(len, _CYRILLIC.findall(sample)))
    if not letters:
        return 0.0, 0
    pure = "".join(_PURE_CYRILLIC.findall(sample))
    counts = [pure.count(c) for c in RUSSIAN_LETTERS]
    length = math.sqrt(sum(n * n for n in counts))
    cosine = sum(n * f for n, f in zip(counts, RUSSIAN_LETTERS.values())) / (length * _NORM) if length else 0.0
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    odd = len(_ODD.findall(sample)) / non_ascii if non_ascii else 0.0
    mixed = 1 - len(pure) / letters
    return cosine * (1 - odd) * (1 - mixed), letters


def implausible(text: str) -> str | None:
    """Why the text does not read as text in the encoding it was decoded with, or None (also when there is
    too little of it to say)."""
    sample = text[:SAMPLE]
    c1 = len(_C1.findall(sample))
    if c1 > 1 and c1 * 1000 > len(sample):
        return f"{c1} C1 control characters (U+0080–U+009F), as a wrong single-byte encoding gives"
    score, letters = russian_score(sample)
    latin = len(_LATIN.findall(sample))
    if letters >= MIN_LETTERS and letters * 5 >= latin and score < PLAUSIBLE:
        return f"the Cyrillic does not read as Russian (score {score:.2f}, under {PLAUSIBLE})"
    if latin >= 50 and letters * 5 < latin:
        accented = len(_ACCENTED.findall(sample))
        if accented * 10 > latin * 3:
            return f"{accented} of {latin} Latin letters are accented, as no Latin-script language has them"
    return None


def western(text: str) -> bool:
    """Whether the text reads as English (or another Western language) with a few accented letters: at least
    50 Latin letters, at most one in ten accented, no Cyrillic, no C1 controls."""
    sample = text[:SAMPLE]
    latin = len(_LATIN.findall(sample))
    return (latin >= 50 and len(_ACCENTED.findall(sample)) * 10 <= latin and not _CYRILLIC.search(sample.lower())
            and not _C1.search(sample))


# ------------------------------------------------------------------ decoding

LEGACY = {  # the legacy code pages transcripts come in, with the name the warning gives
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "cp866": "CP866 (DOS Cyrillic)",
    "mac_cyrillic": "Mac Cyrillic",
    "iso8859_5": "ISO 8859-5 (Cyrillic)",
}
WESTERN = {"cp1252": "Windows-1252 (Western European)", "latin_1": "ISO 8859-1 (Western European)"}
_BOMS = [  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
]


def _canonical(name: str) -> str:
    try:
        return codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return name


def _proposals(data: bytes) -> list[str]:
    """charset-normalizer's ranking of the code pages for these bytes, best first (unknown ones included,
    for the message when none is ours)."""
    from charset_normalizer import from_bytes  # imported when a file is not UTF-8: rare, and it costs 50 ms

    ranked: list[str] = []
    for match in from_bytes(data[:SAMPLE]):
        names = [_canonical(n) for n in [match.encoding, *match.could_be_from_charset]]
        ours = [n for n in names if n in LEGACY]
        for name in ours or names[:1]:
            if name not in ranked:
                ranked.append(name)
    return ranked


def _choose_legacy(data: bytes) -> tuple[str | None, list[str]]:
    """The legacy Cyrillic code page these bytes read best in as Russian, if one reads plausibly; and the
    detector's ranking. Every candidate is judged; the detector's order breaks ties."""
    proposals = _proposals(data)
    order = [n for n in proposals if n in LEGACY] + [n for n in LEGACY if n not in proposals]
    best, best_score = None, PLAUSIBLE
    sample = data[:SAMPLE]
    for name in order:
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        score, letters = russian_score(text)
        if letters >= MIN_LETTERS and score > best_score + 0.005:
            best, best_score = name, score
    return best, proposals


def _textual(text: str) -> bool:
    """Whether decoded UTF-16 looks like text: mostly ASCII, Latin, Cyrillic, punctuation, CJK."""
    sample = text[:SAMPLE]
    if not sample:
        return False
    good = sum(1 for c in sample if c < "\u0530" or "\u2000" <= c < "\u2070" or "\u3000" <= c < "\ua000")
    return good >= 0.9 * len(sample)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: the NULs of ASCII (and U+04xx's 0x04) stand on one side of each code
    unit; (text, label) when the bytes decode so into text."""
    if len(data) < 4 or len(data) % 2:
        return None
    units = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for nuls, other, codec, label in ((odd, even, "utf-16-le", "UTF-16 LE"), (even, odd, "utf-16-be", "UTF-16 BE")):
        if nuls * 20 >= units and other * 100 <= units:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return (text, label) if _textual(text) else None
    return None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")  # what any UTF-8 beyond ASCII has
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape


def _mixed_lines(data: bytes) -> tuple[list[str], list[bool], int, int] | None:
    """For bytes that are not UTF-8 as a whole: their lines (bytes that are not UTF-8 kept as surrogate escapes)
    and which of them are UTF-8 (True), when some with non-ASCII in them are and others are not; and the first
    line of each kind. None when no line is UTF-8 with non-ASCII of its own."""
    if not _UTF8_SEQUENCE.search(data):  # one pass in C: a legacy code page rarely has one
        return None
    lines = data.decode("utf-8", "surrogateescape").split("\n")
    kinds: list[bool] = []
    first_utf8 = first_other = 0
    for number, line in enumerate(lines, 1):
        if line.isascii():
            kinds.append(True)
        elif _ESCAPED.search(line):
            kinds.append(False)
            first_other = first_other or number
        else:
            kinds.append(True)
            first_utf8 = first_utf8 or number
    if not first_utf8 or not first_other:
        return None
    return lines, kinds, first_utf8, first_other


def _not_utf8(path: Path, data: bytes, error: UnicodeDecodeError, proposals: list[str], why: str = "") -> InputError:
    line = data[: error.start].count(b"\n") + 1
    guess = next((p for p in proposals if p not in LEGACY), None)
    hint = f"; charset detection suggests {guess}: if that is right, give --encoding {guess}" if guess else \
        "; give --encoding"
    return _refuse(path, "input.encoding", f"not valid UTF-8 (byte 0x{data[error.start]:02x}){why}{hint}", line)


def detect(data: bytes, path: Path) -> tuple[str, str, list[Diagnostic]]:
    """Decode bytes of no declared encoding: (text, encoding, warnings); refuses what cannot be read."""
    warnings: list[Diagnostic] = []

    def warn(code: str, message: str, line: int | None = None) -> None:
        warnings.append(Diagnostic(code, "warning", message, str(path), line))

    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec, warnings
            except UnicodeDecodeError as exc:
                line = data[len(bom): len(bom) + exc.start].count("\n".encode(codec)) + 1
                raise _refuse(path, "input.encoding", f"starts with a {label} byte-order mark but is not valid "
                              f"{label} (at byte {len(bom) + exc.start}); give --encoding", line) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            text, label = utf16
            warn("input.legacy-encoding", f"no byte-order mark, but the bytes are {label}; decoded as {label}. "
                 "Use --encoding to override")
            return text, label.lower().replace(" ", "-"), warnings
    controls = len(data.translate(None, _NOT_CONTROL_BYTES))
    if controls > 8 and controls * 100 > len(data):
        raise _refuse(path, "input.binary", f"this is a binary file, not a text transcript ({controls} control "
                      f"bytes in {len(data)})")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        utf8_error = exc
    mixed = _mixed_lines(data)
    if mixed:
        lines, kinds, first_utf8, first_other = mixed
        other = [line.encode("utf-8", "surrogateescape") for line, utf8 in zip(lines, kinds) if not utf8]
        legacy, proposals = _choose_legacy(b"\n".join(other))
        if legacy is None:
            raise _not_utf8(path, data, utf8_error, proposals,
                            f"; line {first_utf8} is UTF-8 but line {first_other} is not, nor a Cyrillic code page")
        try:
            decoded = iter([line.decode(legacy) for line in other])
        except UnicodeDecodeError:
            raise _not_utf8(path, data, utf8_error, proposals, f"; nor {LEGACY[legacy]}") from None
        text = "\n".join(line if utf8 else next(decoded) for line, utf8 in zip(lines, kinds))
        warn("input.legacy-encoding", f"mixes encodings: {sum(not k for k in kinds)} line(s) are not UTF-8 (the "
             f"first is line {first_other}) and were decoded as {LEGACY[legacy]}; the others are UTF-8 (the "
             f"first with non-ASCII is line {first_utf8}). Re-save the file in one encoding", first_other)
        return text, f"utf-8+{legacy}", warnings
    legacy, proposals = _choose_legacy(data)
    if legacy is not None:
        try:
            text = data.decode(legacy)
        except UnicodeDecodeError as exc:  # a byte the sample did not have
            raise _not_utf8(path, data, utf8_error, proposals,
                            f"; nor {LEGACY[legacy]} (byte 0x{data[exc.start]:02x} later on)") from None
        if implausible(text) is None:
            warn("input.legacy-encoding", f"not UTF-8; decoded as {LEGACY[legacy]}. Use --encoding to override")
            return text, legacy, warnings
    for codec, label in WESTERN.items():  # English with a few accented letters (Windows and ISO alike)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if western(text):
            warn("input.legacy-encoding", f"not UTF-8; decoded as {label}. Use --encoding to override")
            return text, codec, warnings
    raise _not_utf8(path, data, utf8_error, proposals)


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str, list[Diagnostic]]:
    """(text, encoding used, warnings): the bytes decoded as asked, else as detected (module docstring)."""
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise _refuse(path, "input.encoding", f"cannot decode as {encoding}: {exc}") from None
        text = text.removeprefix("\ufeff")
        warnings = []
        why = implausible(text)
        if why:
            try:
                detected = detect(data, path)[1]
            except InputError:
                detected = None
            suggestion = f"; detected: {detected}" if detected and _canonical(detected) != _canonical(encoding) else ""
            warnings.append(Diagnostic("input.implausible-encoding", "warning",
                                       f"decoded as {encoding} as asked, but {why}{suggestion}: check --encoding",
                                       str(path)))
        return text, encoding, warnings
    text, used, warnings = detect(data, path)
    why = implausible(text)
    if why and used == "utf-8":  # valid UTF-8 whose Cyrillic is mojibake: converted from cp1251 twice?
        warnings.append(Diagnostic("input.implausible-encoding", "warning",
                                   f"valid UTF-8, but {why}: was the file converted to UTF-8 twice?", str(path)))
    return text, used, warnings


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
    if MARKUP_START.match(data[:1024]):
        raise InputError(Diagnostic("input.markup", "error", "this is an XML or HTML file, not a plain-text "
                                    "transcript: TEI is checked with 'edition validate'; to convert another archive's "
                                    "TEI, export its text first", str(path), 1))
    text, used, warnings = decode(data, path, encoding)
    controls = len(_CONTROLS.findall(text))
    if controls > 8 and controls * 100 > len(text):
        raise _refuse(path, "input.binary", f"this is a binary file, not a text transcript ({controls} control "
                      f"characters in {len(text)})")
    text, mapped = prepare_text(text, path)
    if not text.strip():
        raise _refuse(path, "input.empty", "the file is empty")
    return Source(path, text, used, warnings + mapped)


def prepare_text(text: str, path: Path | str | None = None) -> tuple[str, list[Diagnostic]]:
    """Decoded text as the readers get it: CR and CRLF line ends as LF, NFC, and the characters of
    ``CONTROL_MAP`` mapped (reported)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return map_controls(unicodedata.normalize("NFC", text), path)
