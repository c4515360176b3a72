"""From source lines to paragraphs with inline markup: what every reader shares.

Three steps, each small:

1. ``split_paras`` cuts a range of source lines into paragraphs (blank-line separated),
   cleaning the Markdown decoration of web exports and remembering source line numbers.
2. ``join_paras`` undoes what scans and typescripts do to paragraphs: printed page
   numbers become page breaks, runs of blank lines (a new typescript page) become page
   breaks, a paragraph that starts in lower case continues the one before it, and
   line-end hyphenation is resolved. Every such change is kept as a marker so the
   writer can encode it (``pb``, ``lb``); nothing is silently joined.
3. ``parse_inline`` turns a paragraph's text into inline model items: translators'
   bracketed insertions, illegible passages, supplied question marks, footnote marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..metadata import correction_pattern
from ..model import Choice, DateRef, FormWork, Gap, Inline, LineBreak, Note, PageBreak, Supplied
from ..dates import DURATION, duration_value
from ..extract.normalise import SIDE_HEADING

# Private-use characters stand for breaks inside joined paragraph text.
PB = "\ue000"  # followed by the index of the PageBreak in Chunk.breaks
LB_HYPHEN = "\ue001"
LB_SPLIT = "\ue002"
LB = "\ue003"
MARKERS = PB + LB_HYPHEN + LB_SPLIT + LB

TERMINAL = tuple('.!?:;"»”)]…')


@dataclass
class RawPara:
    lines: list[str]
    line_nos: list[int]
    blanks_before: int
    heading: bool = False  # marked as a heading in the export (Markdown '#')
    hard: list[bool] = field(default_factory=list)  # line ended in a Markdown hard break
    page_break: bool = False  # a form feed of the export came before it


@dataclass
class Chunk:
    """A paragraph after joining: text with break markers, and where it came from."""

    text: str
    line_nos: list[int]
    breaks: list[PageBreak] = field(default_factory=list)
    pb_before: PageBreak | None = None
    heading: bool = False
    raw_lines: list[str] = field(default_factory=list)  # the cleaned source lines

    @property
    def first_line(self) -> int:
        return self.line_nos[0]

    @property
    def plain(self) -> str:
        """The text without markers (hyphenated words rejoined), for classification."""
        return _plain(self.text)


# The patterns below are asked for every line or chunk of a transcript: compiled once, not built and looked up in
# re's cache on every call.
PAGE_MARK = re.compile(PB + r"\d+;")
MARKER = re.compile(r"(" + PB + r"\d+;|[" + LB_HYPHEN + LB_SPLIT + LB + "])")
MD_ESCAPE = re.compile(r"\\([*_\[\]()#\\`-])")
AUTOLINK = re.compile(r"<https?://[^>\s]+>")


def _plain(text: str) -> str:
    out = PAGE_MARK.sub(" ", text)
    out = out.replace(LB_HYPHEN, "").replace(LB_SPLIT, " ").replace(LB, " ")
    return " ".join(out.split())


MD_HEADING = re.compile(r"^#{1,6}\s+")


def clean_markdown(line: str) -> tuple[str, bool]:
    """Strip web-export decoration; say whether the line was a Markdown heading."""
    line = line.replace("\u00a0", " ").rstrip()
    heading = bool(MD_HEADING.match(line))
    line = MD_HEADING.sub("", line)
    line = line.replace("**", "")
    line = MD_ESCAPE.sub(r"\1", line)
    if AUTOLINK.fullmatch(line.strip()):
        line = line.strip()[1:-1]
    return line.strip(), heading


def split_paras(lines: list[str], start: int = 0, end: int | None = None) -> list[RawPara]:
    """Paragraphs of ``lines[start:end]``; line numbers are 1-based source lines."""
    end = len(lines) if end is None else end
    paras: list[RawPara] = []
    current: RawPara | None = None
    blanks = 0
    for index in range(start, end):
        text, heading = clean_markdown(lines[index])
        if not text:
            blanks += 1
            current = None
            continue
        if current is None:
            current = RawPara([], [], blanks, heading)
            paras.append(current)
            blanks = 0
        current.lines.append(text)
        current.line_nos.append(index + 1)
        current.hard.append(lines[index].endswith("  "))
    return paras


PAGE_NUMBER = re.compile(r"^(\d{1,3})\.$")
# what a typescript prints at the top of a page, on lines of its own: its number ('- 2 -', '– 3 –', '4') and a
# stamp it repeats ('Совершенно секретно', 'SECRET', 'Copy No. 2')
PAGE_TOP_NUMBER = re.compile(r"^[-–—]?\s?(\d{1,3})\s?[-–—]?$")
PAGE_TOP_STAMP = re.compile(r"^(?:(?:top |strictly |строго |совершенно )?(?:secret|confidential|секретно)\.?"
                            r"|(?:copy|экз\.?)\s*(?:no\.?|№)\s*\d+\.?)$", re.I)


# a printed book's running head with the page number at one end ('86   SOVIET–CHINESE RELATIONS, 1949–1950',
# 'DOCUMENTS, JANUARY–APRIL 1950   87')
# ('CIPHERED TELEGRAM No. 4512' is a title: a number after 'No.' is no page's)
RUNNING_HEAD = re.compile(r"^(?:(?P<n1>\d{1,3})\s+(?P<h1>\S.{4,90})|(?P<h2>\S.{4,90}?)(?<!No\.)(?<!No)(?<!№)\s+(?P<n2>\d{1,3}))$")
SIDE_LIST = re.compile(rf"^\s*{SIDE_HEADING}\s*:\s*$", re.I)


def page_furniture(lines: list[str]) -> PageBreak | None:
    """The page break a paragraph of page furniture alone stands for (its number, its lines as fw), or None when
    any line of it is text."""
    furniture: list[FormWork] = []
    number = None
    for line in (" ".join(line.split()) for line in lines):
        m = PAGE_TOP_NUMBER.fullmatch(line)
        if m and number is None:
            number = m.group(1)
            furniture.append(FormWork(line, "pageNum"))
        elif PAGE_TOP_STAMP.fullmatch(line):
            furniture.append(FormWork(line, "header"))
        elif (head := RUNNING_HEAD.fullmatch(line)) and number is None and is_upper_text(head.group("h1") or head.group("h2")) \
                and not line.endswith("."):
            number = head.group("n1") or head.group("n2")
            furniture.append(FormWork(line, "header"))
        else:
            return None
    return PageBreak(n=number, furniture=furniture) if furniture else None
SHORT_LINE = 0.8


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.9


HYPHENATED_END = re.compile(r"(\w+)-$")


def _join_lines(lines: list[str], heading: bool, hard: list[bool] | None = None) -> str:
    """Join the lines of one paragraph, resolving hyphenation; keep the breaks of headings
    and the explicit (Markdown hard) breaks of web exports."""
    # The parts are joined once at the end, and a line-end hyphen is looked for in the last line only: a word never
    # runs across the space or marker that joins two lines, so this finds what a search of the joined text would.
    parts = [lines[0]]
    for i, nxt in enumerate(lines[1:]):
        m = HYPHENATED_END.search(parts[-1])
        if m and nxt[:1].isalpha() and (nxt[0].islower() or (m.group(1).isupper() and nxt.split()[0].isupper())):
            parts[-1] = parts[-1][:-1]
            parts.append(LB_HYPHEN)
        elif heading or (hard and hard[i]):
            parts.append(LB)
        else:
            parts.append(_space_between(parts[-1], nxt))
        parts.append(nxt)
    return "".join(parts)


# Chinese characters and the full-width punctuation of Chinese text: a line or page that ends among them and goes
# on among them breaks no word, and Chinese puts no space between words
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _space_between(before: str, after: str) -> str:
    """What joins two lines of a paragraph: a space, or nothing within Chinese text ('关于中国' / '长春铁路')."""
    return "" if before and after and CJK.match(before[-1]) and CJK.match(after[0]) else " "


def split_wrapped(para: RawPara, width: int, starts_new: "callable") -> list[RawPara]:
    """Cut a hard-wrapped block where a short line ends a sentence or a new item starts."""
    parts: list[RawPara] = []
    current = RawPara([], [], para.blanks_before, para.heading)
    for i, line in enumerate(para.lines):
        if current.lines:
            prev = current.lines[-1]
            short_end = len(prev) < SHORT_LINE * width and prev.endswith(TERMINAL)
            if short_end or starts_new(line):
                parts.append(current)
                current = RawPara([], [], 0, para.heading)
        current.lines.append(line)
        current.line_nos.append(para.line_nos[i])
        current.hard.append(para.hard[i] if i < len(para.hard) else False)
    parts.append(current)
    return parts


# a paragraph may open with a lower-case honorific and a name ('т. Сталин: …', 'cde. Kovalev said'): after a
# sentence's end, a paragraph of its own, not the rest of a sentence a paragraph break cut
HONORIFIC_START = re.compile(r"(?:т|тт|тов|cde|cdes|com|comr)\.\s*[A-ZА-ЯЁ]")


def _parenthesised(text: str) -> bool:
    """A paragraph wholly in parentheses ('(беседа состоялась 3 марта 1951 года)', '(Смех)'): a remark of its own,
    not the words a blank line split."""
    return text.startswith("(") and text.rstrip(" .").endswith(")") and text.count("(") == 1


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip("[(«\"'")
    return bool(stripped) and stripped[0].isalpha() and stripped[0].islower()


# a signature alone on its line ('A. GROMYKO', 'Н. Рощин'): a page break after it splits no sentence
SIGNATURE_LINE = re.compile(r"^(?:[A-ZА-ЯЁ]\.\s?){1,2}\s?[A-ZА-ЯЁ][\w’'-]+$")


def _signed(chunk: Chunk) -> bool:
    return len(chunk.raw_lines) == 1 and bool(SIGNATURE_LINE.match(chunk.raw_lines[0]))


def join_paras(paras: list[RawPara], page_numbers: bool = False) -> list[Chunk]:
    """Turn raw paragraphs into chunks, joining those a page or paragraph break split."""
    chunks: list[Chunk] = []
    pending: PageBreak | None = None
    # The last chunk's text is kept in parts and joined once it is complete, and whether its plain text ends a
    # sentence is kept as it grows: what the joined-on text says, unless that is only markers and spaces (the
    # markers joining two texts never change how either reads). A long paragraph is not copied at every join.
    parts: list[str] = []
    terminal = False
    for para in paras:
        if page_numbers and len(para.lines) == 1 and PAGE_NUMBER.match(para.lines[0]) and chunks:
            pending = PageBreak(n=PAGE_NUMBER.match(para.lines[0]).group(1))
            continue
        # the new page's furniture; on the first page, a running head with its number ('86   SOVIET–CHINESE …')
        first_page_head = not chunks and len(para.lines) == 1 and RUNNING_HEAD.fullmatch(" ".join(para.lines[0].split()))
        top = page_furniture(para.lines) if len(para.lines) <= 3 and (para.page_break and chunks or first_page_head) \
            else None
        if top is not None:  # the new page's number and stamps: the text goes on after them
            pending = top
            continue
        # a list of those present one a line under the side it is of ('From the Soviet side:'): its lines kept
        hard = [True] * len(para.lines) if SIDE_LIST.match(para.lines[0]) else para.hard
        text = _join_lines(para.lines, para.heading, hard)
        page_gap = para.blanks_before >= 3 or para.page_break
        brk = pending or (PageBreak() if page_gap else None)
        prev = chunks[-1] if chunks else None
        continues = prev is not None and not para.heading and not prev.heading and (
            (_starts_lower(text) and not (terminal and HONORIFIC_START.match(text)) and not _parenthesised(text))
            or (brk is not None and not terminal and not _signed(prev)))
        plain = _plain(text)
        if continues:
            if brk is not None:
                parts += [_space_between(parts[-1], text) + PB + f"{len(prev.breaks)};", text]
                prev.breaks.append(brk)
            else:
                parts += [LB_SPLIT, text]
            prev.line_nos.extend(para.line_nos)
            prev.raw_lines.extend(para.lines)
            terminal = plain.endswith(TERMINAL) if plain else terminal
        else:
            if prev is not None:
                prev.text = "".join(parts)
            chunks.append(Chunk(text, list(para.line_nos), pb_before=brk, heading=para.heading,
                                raw_lines=list(para.lines)))
            parts, terminal = [text], plain.endswith(TERMINAL)
        pending = None
    if chunks:
        chunks[-1].text = "".join(parts)
    return chunks


# ------------------------------------------------------------------ inline

ILLEGIBLE_PAREN = re.compile(r"\((illegible [^()]*|[^()]* illegible)\)")
FOOTNOTE_MARK = re.compile(r"(?<=[\w.)])\*(?=\s|$)")
ILLEGIBLE_OR_FOOTNOTE = re.compile(ILLEGIBLE_PAREN.pattern + "|" + FOOTNOTE_MARK.pattern)  # one pass for both


def _split_markers(text: str, breaks: list[PageBreak]) -> list[Inline]:
    items: list[Inline] = []
    for part in MARKER.split(text):
        if not part:
            continue
        if PAGE_MARK.fullmatch(part):  # a bare U+E000 of the source is text, not a break of ours
            items.append(breaks[int(part[1:-1])])
        elif part == LB_HYPHEN:
            items.append(LineBreak(hyphen=True))
        elif part in (LB_SPLIT, LB):
            # an lb that is not inside a word is also a word boundary in plain text
            items.append(LineBreak(kind="paragraph-split" if part == LB_SPLIT else None))
            items.append("\n")
        else:
            items.append(part)
    return items


def _plain_items(text: str, breaks: list[PageBreak]) -> list[Inline]:
    """Text with no brackets: markers, illegible parentheses and footnote marks."""
    items: list[Inline] = []
    pos = 0
    for m in ILLEGIBLE_OR_FOOTNOTE.finditer(text):
        items += _split_markers(text[pos:m.start()], breaks)
        if m.group(0) == "*":
            items.append(Note([Gap("missing", "the note this asterisk refers to is not in the source")],
                              type="editorial", n="*"))
        else:
            items.append(Gap("illegible", m.group(1), unit=_gap_unit(m.group(1))))
        pos = m.end()
    items += _split_markers(text[pos:], breaks)
    return items


def _gap_unit(desc: str) -> str | None:
    for unit in ("signature", "date", "word", "line"):
        if unit in desc:
            return unit
    return None


# a date written beside a signature the translator could not read: '[signature illegible 31/XII]', '[подпись 5.IX]'
SIGNATURE_DATE = re.compile(r"^(?P<desc>.*?\S)\s+(?P<date>\d{1,2}\s?[./]\s?(?:[IVX]{1,4}|\d{1,2})(?:\s?[./]\s?\d{2,4})?\.?)$")
# a lacuna the translator describes: '[one word missing]', '[several words missing]', '[one or two words unclear]'
LACUNA = re.compile(r"^(?:one|two|three|several|a few|some|one or two|\d+)\s+(?P<unit>word|line)s?\s+"
                    r"(?P<state>missing|lost|omitted|unclear|illegible)$", re.I)
LACUNA_REASON = {"missing": "lost", "lost": "lost", "omitted": "omitted", "unclear": "illegible", "illegible": "illegible"}
# a gloss or identification of the word before: '[literally, "the Queen" …]', '[nicknames, evidently …]', alternatives
# '[Dairen; Dalian]', an abbreviation's expansion 'CC CPC [Central Committee of …]', 'PCM [POLITICAL …]'
GLOSS_START = re.compile(r"^(?:literally|lit\.|i\.\s?e\.|that is|meaning|evidently|nicknames?|буквально|т\.\s?е\.)\b", re.I)
ABBREVIATION_BEFORE = re.compile(r"(?:\b[A-ZА-ЯЁ]{2,}[\w()/]*\s*)+$")
EXPANSION = re.compile(r"^[A-ZА-ЯЁ][\w'’-]*(?:[\s,-]+[\w'’-]+)+$")
# capitalised words, as a name is written ('Beijing', 'Jiang Jieshi', 'Liu Shaoqi, Gao Gang, and Wang Jiaxiang')
NAME_WORDS = re.compile(r"^[A-ZА-ЯЁ][\w'’.-]*(?:(?:,?\s+(?:and\s+|и\s+)?|-)[A-ZА-ЯЁ][\w'’.-]*)*$")
# the text before ends with a capitalised word, or with one and a word inside names ('Council of [Foreign] Ministers')
NAME_END = re.compile(r"(?:^|[\s(])[A-ZА-ЯЁ][\w'’-]*\s(?:(?:of|for|the|of the)\s)?$")
PRONOUN_END = re.compile(r"\b(?:its|his|her|their|they|he|she|we|it|him|them|us|our)\s$", re.I)
NAME_START = re.compile(r"^[A-ZА-ЯЁ][\w'’-]*[a-zа-яё]")  # a capitalised word follows ('Wang Jiaxiang')
# words that begin a sentence supplied by the translator, not a name: '[In] Manchuria', '[We] are'
FUNCTION_WORDS = {"i", "we", "they", "he", "she", "it", "in", "the", "this", "that", "and", "but", "our", "his",
                  "their", "its", "my", "to", "of", "on", "at", "for", "as", "you", "me", "us", "them", "others",
                  "there", "a", "an", "all", "both"}
# a romanised word of the original after its translation: 'necessary [yongbuzhao]', 'disadvantageous [buli]'
PINYIN_SYLLABLE = (r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                   r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|er|ia|ie|iu|ua|"
                   r"uo|ui|ue|a|o|e|i|u|ü|v))")
PINYIN = re.compile(rf"^{PINYIN_SYLLABLE}{{1,5}}(?: {PINYIN_SYLLABLE}{{1,5}})*$")
ONE_SYLLABLE = re.compile(rf"^{PINYIN_SYLLABLE}$")  # too short to tell from English ('[are]', '[he]')
# and a mark English words made of such syllables lack ('make', 'time', 'nature' end in a silent e): x, q or zh,
# 'ng' before another syllable, or a last vowel other than e
PINYIN_MARK = re.compile(r"[xq]|zh|ng(?=[a-z])|[aiouüv]$")
# syllables no pinyin has (which English words made of pinyin-like letters do: 'come', 'gone', 'fine', 'deducing')
NOT_PINYIN = re.compile(r"(?:^|(?<=[aeiouüvgn ]))(?:[cdgklnrstzhqjx]o(?!u|ng)|[fgkhw]i|[bpf]e(?!i|n)|we(?![in])"
                        r"|(?:[zcs]h?|r)in)")


def _bracket(content: str, breaks: list[PageBreak], at_clause_end: bool, glued: bool = False,
             before: str = "", after: str = "") -> list[Inline]:
    """What a square-bracketed passage is (docs/encoding.md, "Square brackets": each kind with a real example):
    a supplied question mark or a query; a signature or passage not read, or a lacuna the translator describes
    (gap, its description the bracket's words); the translator's [sic]; a word's completion glued to it
    ('comr[ade]'); a gloss of the word before (an abbreviation's expansion, alternatives, 'literally …'); words
    supplied, doubtful when they end in a question mark ('[troops?]'); another name of the name before ('Beiping
    [Beijing]', 'its [Japan's]'), words identifying the person named after ('[PRC Ambassador to the USSR] Wang
    Jiaxiang', '[Nikolai] Roshchin'), a romanised word of the original after its translation ('[buli]').
    ``glued``: a letter stands right before the bracket; ``before``, ``after``: the text before it and, when a
    space separates them, the text after it. A date legible beside an unread signature is the original's text, not
    part of the gap's description: it follows the gap (the tagger dates it)."""
    if content == "?":
        if at_clause_end:
            return [Supplied(["?"], reason="punctuation")]
        return [Note(["?"], type="query")]
    low = content.lower()
    if low.startswith(("signature", "подпись")):
        reason = "illegible" if "illegible" in low or "неразборчив" in low else "not-transcribed"
        dated = SIGNATURE_DATE.match(content)
        if dated:
            return [Gap(reason, dated.group("desc"), unit="signature"), " ", dated.group("date")]
        return [Gap(reason, content, unit="signature")]
    if low in ("illegible", "неразборчиво"):
        return [Gap("illegible", content)]
    lacuna = LACUNA.match(content.strip())
    if lacuna:
        return [Gap(LACUNA_REASON[lacuna.group("state").lower()], content, unit=lacuna.group("unit").lower())]
    if low == "sic":
        return [Note([content], type="sic")]
    if re.fullmatch(r"\s*(?:…|\.\s?\.\s?\.)\s*", content):  # '[…]': the publication leaves a passage out
        return [Gap("omitted", content)]
    if not re.search(r"[^\W_]", content):  # '["]': a mark of punctuation supplied
        return [Supplied([content], reason="punctuation")]
    doubtful = content.rstrip().endswith("?") and len(content.strip()) > 1
    if glued:  # 'comr[ade]', 'Com[munist]', 'I[van]': the word completed
        return [Supplied(_plain_items(content, breaks), reason="abbreviation", cert="low" if doubtful else None)]
    if not doubtful and (GLOSS_START.match(content) or ";" in content
                         or (ABBREVIATION_BEFORE.search(before.rstrip()) and EXPANSION.match(content)
                             and before.endswith((" ", "\t")))):
        # a gloss, kept as supplied words (reason "gloss") for now: as a note it would change the sentences the
        # aligner's reviewed gold is made of (tests/align_gold), which must be read again first
        return [Supplied(_plain_items(content, breaks), reason="gloss")]
    if not doubtful:
        reason = _name_reason(content, before, after)
        if reason:
            return [Supplied(_plain_items(content, breaks), reason=reason)]
        if (len(content) >= 4 and PINYIN.match(content) and not ONE_SYLLABLE.match(content)
                and not NOT_PINYIN.search(content) and PINYIN_MARK.search(content) and re.search(r"\w\s$", before)):
            return [Supplied([content], reason="original-wording", lang="zh-Latn")]
    return [Supplied(_plain_items(content, breaks), cert="low" if doubtful else None)]


def _name_reason(content: str, before: str, after: str) -> str | None:
    """'gloss' for another name of the name (or pronoun) just before, 'identification' for words naming who the
    next name is; None when the bracket stands inside a name ('XIX [Party] Congress', 'Liu [Shaoqi] Gao Gang':
    supplied words of it) or is a sentence's supplied first word ('[In] Manchuria')."""
    if content.split()[0].lower() in FUNCTION_WORDS:
        return None
    name_before = bool(NAME_END.search(before) or PRONOUN_END.search(before))
    name_after = bool(NAME_START.match(after))
    # (not 'Northeast [Bureau's]': the rest of the name, in the possessive)
    possessive_rest = content.endswith(("'s", "’s")) and not PRONOUN_END.search(before)
    if name_before and not name_after and NAME_WORDS.match(content) and not possessive_rest:
        return "gloss"
    if name_after and not NAME_END.search(before) and content[:1].isupper():
        return "identification"
    return None


def parse_inline(text: str, breaks: list[PageBreak] | None = None,
                 warn: "callable | None" = None) -> list[Inline]:
    """Inline items of one paragraph's text (which may contain break markers)."""
    breaks = breaks or []
    items: list[Inline] = []
    pos = 0
    close = None  # the first ']' after the last '[' looked at (-1: none), which is also the first after this one
    while True:
        start = text.find("[", pos)
        if start < 0:
            break
        if close is None or 0 <= close < start:
            close = text.find("]", start)
        end = close
        nested = text.find("[", start + 1)
        if end < 0 or (0 <= nested < end):
            if warn:
                warn(f"unmatched '[' kept as text: '{_context(text, start)}'")
            items += _plain_items(text[pos:start + 1], breaks)
            pos = start + 1
            continue
        items += _plain_items(text[pos:start], breaks)
        # what follows the bracket, past break markers (a, its first character) and spaces (b): looked at in
        # place, not on a copy of the rest of the paragraph
        a = end + 1
        while a < len(text) and text[a] in MARKERS:
            a += 1
        b = a
        while b < len(text) and text[b].isspace():
            b += 1
        at_clause_end = b == len(text) or text[b].isupper() or text[a] in ".;,"
        glued = start > 0 and text[start - 1].isalpha()
        items += _bracket(text[start + 1:end], breaks, at_clause_end, glued, text[max(pos, start - 60):start],
                          text[b:b + 40] if b > a else "")
        pos = end + 1
    items += _plain_items(text[pos:], breaks)
    return _merge_strings(items)


def _context(text: str, at: int) -> str:
    clean = re.sub("[" + MARKERS + r"]|\d+;", "", text[max(0, at - 20):at + 30])
    return " ".join(clean.split())


def _merge_strings(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    run: list[str] = []  # the strings since the last item, joined once (not one copy per string)
    for item in items:
        if isinstance(item, str) and (run or (out and isinstance(out[-1], str))):
            if not run:
                run.append(out.pop())
            run.append(item)
            continue
        if run:
            out.append("".join(run))
            run = []
        if item != "":
            out.append(item)
    if run:
        out.append("".join(run))
    return out


def apply_corrections(items: list[Inline], corrections: list[tuple[str, str]], used: set[int]) -> list[Inline]:
    """Replace sure typos (from the document metadata), as whole words, by sic/corr choices."""
    if not corrections:
        return items
    out: list[Inline] = []
    for item in items:
        if not isinstance(item, str):
            if isinstance(item, Supplied):
                item.content = apply_corrections(item.content, corrections, used)
            out.append(item)
            continue
        pieces: list[Inline] = [item]
        for index, (sic, corr) in enumerate(corrections):
            if not any(isinstance(piece, str) and sic in piece for piece in pieces):
                continue  # not in this text at all (most texts of a record): its pattern is not even asked for
            next_pieces: list[Inline] = []
            pattern = correction_pattern(sic)
            for piece in pieces:
                if isinstance(piece, str) and pattern.search(piece):
                    used.add(index)
                    parts = pattern.split(piece)
                    for j, part in enumerate(parts):
                        if j:  # the evidence of a Correction of the metadata goes with it
                            next_pieces.append(Choice(sic, corr, getattr(corrections[index], "evidence", None)))
                        if part:
                            next_pieces.append(part)
                else:
                    next_pieces.append(piece)
            pieces = next_pieces
        out.extend(pieces)
    return out


def mark_durations(items: list[Inline]) -> list[Inline]:
    """Mark stated durations in closing lines ('lasted two hours', 'продолжалась два часа').

    Dates and clock times are the entity tagger's (edition/entities), which marks them
    everywhere; durations only occur in the closing formulas the readers know."""
    out: list[Inline] = []
    for item in items:
        if not isinstance(item, str):
            out.append(item)
            continue
        pos = 0
        for m in DURATION.finditer(item):
            if item[pos:m.start()]:
                out.append(item[pos:m.start()])
            out.append(DateRef(m.group(0), duration_value(m), "duration"))
            pos = m.end()
        if item[pos:]:
            out.append(item[pos:])
    return out
