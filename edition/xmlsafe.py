"""Parsing XML that may come from anywhere, without network, DTDs or entity expansion.

Editors validate files from other archives, so a document is untrusted input. The parser
never fetches anything (no DTD loading, no network, no entity substitution, no XInclude
processing), and a document that *asks* for one of those is refused with a clear message
rather than half-processed: an external DTD (``xml.dtd-external``), entity declarations
-- the vehicle of XXE and entity-expansion bombs -- (``xml.entity-declaration``),
XInclude (``xml.xinclude``), and files over ``MAX_XML_BYTES`` (``input.too-large``).

XInclude is refused by the commands that read the edition's own files. ``validate`` and
``import`` read other archives' files, where XInclude is common (FRUS volumes, ParlaMint
corpora): they parse with ``xinclude="keep"`` -- the ``xi:include`` elements stay elements,
nothing is read -- and ``import --xinclude`` resolves the includes that name a file inside
the document's own folder (``resolve_xincludes``), refusing the others.

Codes ``input.*`` mean the file cannot be read as text at all (missing, empty, binary,
undecodable, too large); ``xml.*`` that it was read but is not acceptable XML. Both are
raised as :class:`InputError`; the validate command maps ``input.*`` to exit code 3.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .errors import Diagnostic, InputError

MAX_XML_BYTES = 50 * 1024 * 1024
XINCLUDE = "{http://www.w3.org/2001/XInclude}"
DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+(\s+(SYSTEM|PUBLIC)\b)?(\s+(\"[^\"]*\"|'[^']*'))*\s*"
                     rb"(\[(?P<subset>.*?)\])?", re.S)
ENCODING_ERRORS = ("not proper UTF", "encoding", "Char 0x", "invalid character", "Unsupported")


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def _refuse(code: str, message: str, name: str, line: int | None = None, column: int | None = None) -> InputError:
    return InputError(Diagnostic(code, "error", message, name, line, column))


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    return data.count(b"\n", 0, offset) + 1, offset - data.rfind(b"\n", 0, offset)


def _check_prolog(data: bytes, name: str) -> None:
    """Refuse a DOCTYPE that would fetch a DTD or declares entities, before parsing anything."""
    start = data.find(b"<!DOCTYPE", 0, 65536)
    match = DOCTYPE.match(data, start) if start >= 0 else None
    if not match:
        return
    if match.group(2):
        raise _refuse("xml.dtd-external", f"the document refers to an external DTD ({match.group(2).decode()} "
                      "identifier); refused: validating it would mean fetching a file from elsewhere",
                      name, *_position(data, match.start()))
    subset = match.group("subset") or b""
    entity = re.search(rb"<!ENTITY", subset)
    if entity:
        offset = match.start("subset") + entity.start()
        raise _refuse("xml.entity-declaration", "the document declares entities in its DTD; refused for safety "
                      "(entities are how external-entity attacks and entity-expansion bombs work)",
                      name, *_position(data, offset))


def parse_xml_bytes(data: bytes, name: str, xinclude: str = "refuse") -> etree._ElementTree:
    """Parse a document held in memory, refusing what could fetch or expand anything; ``xinclude="keep"``
    leaves XInclude elements in the tree as elements (never processed) instead of refusing the document."""
    if len(data) > MAX_XML_BYTES:
        raise _refuse("input.too-large", f"the file is {len(data)} bytes; the limit is {MAX_XML_BYTES}", name)
    if not data.strip():
        raise _refuse("input.empty", "the file is empty", name)
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")
    if b"\x00" in data[:8192] and not utf16:
        raise _refuse("input.binary", "this is a binary file, not XML", name)
    _check_prolog(data if not utf16 else data.decode("utf-16", "replace").encode("utf-8"), name)
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser(), base_url=name))
    except OSError as exc:  # libxml2 could not read something the document names
        raise _refuse("xml.dtd-external", f"the document refers to something outside itself: {exc}", name) from None
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        message = re.sub(r", line \d+, column \d+$", "", exc.msg)
        if any(e in exc.msg for e in ENCODING_ERRORS):
            raise _refuse("input.encoding", f"the file is not in the encoding it declares (or UTF-8): {message}; "
                          "re-save it as UTF-8, or declare its real encoding in <?xml ... encoding=\"...\"?>",
                          name, line, col) from None
        raise _refuse("xml.not-well-formed", message, name, line, col) from None
    docinfo = tree.docinfo
    if docinfo.system_url or docinfo.public_id:
        raise _refuse("xml.dtd-external", "the document refers to an external DTD; refused: validating it would "
                      "mean fetching a file from elsewhere", name, 1, 1)
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _refuse("xml.entity-declaration", "the document declares entities in its DTD; refused for safety",
                      name, 1, 1)
    include = next(tree.getroot().iter(f"{XINCLUDE}include", f"{XINCLUDE}fallback"), None)
    if include is not None and xinclude == "keep":
        for kept in tree.getroot().iter(f"{XINCLUDE}include"):
            if _names_elsewhere(kept.get("href") or ""):
                raise _refuse("xml.xinclude-outside", f"XInclude of '{kept.get('href')}' names a URL or an absolute "
                              "path: refused (only files beside the document could ever be included)", name,
                              kept.sourceline)
    elif include is not None:
        raise _refuse("xml.xinclude", "the document uses XInclude; refused: included files are not read "
                      "(put the content in the document itself)", name, include.sourceline)
    return tree


def _names_elsewhere(href: str) -> bool:
    """A URL, an absolute path or a home-relative one: never a file of the document's own folder."""
    href = href.strip()
    return "://" in href or href.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", href) is not None


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing unreadable and oversized files with a located diagnostic."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_XML_BYTES:
            raise _refuse("input.too-large", f"the file is {size} bytes; the limit is {MAX_XML_BYTES}", name)
        return path.read_bytes()
    except FileNotFoundError:
        raise _refuse("input.missing", "no such file", name) from None
    except IsADirectoryError:
        raise _refuse("input.unreadable", "this is a directory, not a file", name) from None
    except OSError as exc:
        raise _refuse("input.unreadable", f"cannot read file: {exc.strerror}", name) from None


def parse_xml(path: Path, xinclude: str = "refuse") -> etree._ElementTree:
    """Parse a file safely (see the module docstring for what is refused)."""
    return parse_xml_bytes(read_limited(path), str(path), xinclude)


def resolve_xincludes(tree: etree._ElementTree, name: str, depth: int = 0) -> list[Diagnostic]:
    """Replace each ``xi:include`` by what it names, when that is a file inside the document's own folder.

    Only ``parse="xml"`` (the whole file, or the element an ``xpointer`` shorthand names) and ``parse="text"``;
    the included file is parsed as safely as any (and its own includes resolved, to a depth of 10). An include
    that names a URL, an absolute path or a file outside the folder is refused (``xml.xinclude-outside``); one
    whose file is not there, or whose xpointer is not a plain id, is left in place with a warning
    (``xml.xinclude-unresolved``)."""
    folder = Path(name).resolve().parent
    notes: list[Diagnostic] = []
    for include in list(tree.getroot().iter(f"{XINCLUDE}include")):
        href = (include.get("href") or "").strip()
        target = (folder / href).resolve() if href and not _names_elsewhere(href) else None
        if target is None or not target.is_relative_to(folder):
            raise _refuse("xml.xinclude-outside", f"XInclude of '{href}' names a file outside the document's own "
                          f"folder ({folder}); only files inside it are read", name, include.sourceline)
        pointer = include.get("xpointer")
        if not target.is_file() or depth >= 10 or (pointer and not re.fullmatch(r"[\w.-]+", pointer)):
            why = "is not there" if not target.is_file() else "nests too deeply" if depth >= 10 else \
                f"has an xpointer ('{pointer}') that is not an id"
            notes.append(Diagnostic("xml.xinclude-unresolved", "warning", f"XInclude of '{href}' left as it is: "
                                    f"the file {why}", name, include.sourceline))
            continue
        notes += _include(include, target, pointer, depth, name)
    return notes


def _include(include: etree._Element, target: Path, pointer: str | None, depth: int, name: str) -> list[Diagnostic]:
    """Put the content of one resolved include where the include element is."""
    parent = include.getparent()
    if include.get("parse") == "text":
        text = read_limited(target).decode("utf-8", "replace")
        previous = include.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text + (include.tail or "")
        else:
            parent.text = (parent.text or "") + text + (include.tail or "")
        parent.remove(include)
        return []
    included = parse_xml(target, xinclude="keep")
    notes = resolve_xincludes(included, str(target), depth + 1)
    node = included.getroot()
    if pointer:
        node = next((e for e in node.iter() if e.get("{http://www.w3.org/XML/1998/namespace}id") == pointer), None)
        if node is None:
            return notes + [Diagnostic("xml.xinclude-unresolved", "warning", f"XInclude of '{target.name}' left as "
                                       f"it is: no element has the id '{pointer}'", name, include.sourceline)]
    node.tail = include.tail
    parent.replace(include, node)
    return notes
