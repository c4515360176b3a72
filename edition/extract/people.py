"""Who took part, who wrote, who received: people found from every cue of the text.

Each cue is a small function over the record's sentences and returns ``PersonCue``s:
the title ("between X and Y"), attendance ("in the presence of …", "… were present",
"attended by: …", "[Others present were] …", "with X translating"), the opening ("I was
visited by …", "a meeting with X took place"), reported speech ("Mao Zedong replied"),
the address ("To Comrade I.V. Stalin.") and the signature. Names are resolved through the
one entity index (the registers); a name the registers do not know is kept as written and
reported, never dropped. Honorifics, functions and editorial brackets are stripped only
for matching: ``written`` keeps the form found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalise import SIDE_HEADING
from .when import CLOCK, DAY_MONTH
from ..registers import Registers, local_person_id

HONORIFIC = re.compile(r"^(?:cdes?\.?|c\.|com\.?|comr\.?|comrades?|com\[rade\]s?|comrade|mr\.|mrs\.|messrs\.|"
                       r"tov\.|т\.|тов\.|товарищ[иа]?|господин|gen\.|marshal|general|chairman|premier|ambassador|"
                       r"minister|president|secretary|counsellor|counselor)$", re.I)
NOT_NAME = {"we", "i", "he", "she", "they", "our", "his", "her", "their", "the", "a", "an", "this", "that", "then",
            "from", "on", "in", "at", "to", "with", "and", "also", "others", "other", "present", "were", "was", "side",
            "soviet", "chinese", "russian", "american", "embassy", "ccp", "cc", "cpc", "vkp", "ussr", "prc", "pla",
            "politburo", "party", "government", "delegation", "comrade", "comrades", "mongolian", "korean",
            "ministry", "office", "department", "committee", "council", "bureau", "affairs", "foreign", "central",
            "people's", "republic", "army", "navy", "state", "head", "deputy", "first", "second",
            "мы", "я", "он", "они", "с", "и", "со", "стороны", "советской", "китайской", "нашей"}
SPEECH_VERBS = ("said", "replied", "asked", "requested", "stated", "noted", "remarked", "declared", "answered",
                "stressed", "pointed out", "added", "continued", "agreed", "objected", "emphasized", "emphasised",
                "explained", "observed", "responded", "inquired", "informed", "told", "expressed", "proposed",
                "suggested", "announced", "thanked", "promised", "welcomed", "concluded", "warned", "underlined",
                "сказал", "ответил", "спросил", "заявил", "заметил", "отметил", "подчеркнул", "сообщил",
                "предложил", "добавил", "поблагодарил")
SPEECH = re.compile(r"\b(?:" + "|".join(SPEECH_VERBS) + r")\b")
ADVERBS = "then|also|again|further|immediately|once more|only|however|finally|first|later"
ROLE_WORDS = {"interpreter": re.compile(r"\binterpret|\btranslating\b|переводчик|переводил", re.I),
              "recorder": re.compile(r"\brecorded by\b|записал|стенографировал", re.I)}
PRESENT_AFTER = re.compile(
    r"\b(?:in the presence of|(?:others |also )?present(?: (?:at|during) (?:the|this) (?:conversation|talks?|meeting|"
    r"dinner|supper|lunch|reception))? were|(?:also )?present:|attended by:?|with the participation of|"
    r"participants?:|присутствовали:?|в присутствии|(?:в беседе )?приняли участие:?)\s*", re.I)
PRESENT_BEFORE = re.compile(r"\b(?:(?:were|was) (?:also )?(?:present|invited)|took part|attended\b|присутствовал[иа]?)",
                            re.I)
SUBORDINATE = re.compile(r"\b(?:if|whether|that|who|which|when|would|could|should|not|no|asked|said|что|если|который)\b",
                         re.I)
SIDE_HEAD = re.compile(SIDE_HEADING + r"\s*:", re.I)
LEADING_SIDE = re.compile(r"^(?:from|on) (?:our|the \w+|the soviet|the chinese) side,?\s*|^also,?\s*", re.I)
OPENING = re.compile(r"\b(?:(?:I|we) (?:was|were) visited by|(?:I|we) visited|(?:conversation|conversations|talks?|meeting|"
                     r"dinner|lunch) with|(?:I|we) received|received by|беседа с|беседы с|встреча с|посетил[аи]?)\s+",
                     re.I)
# 'Comrade J. V. Stalin received in his study in the Kremlin the members of the delegation of the PRC, Comrades
# Zhou Enlai, Chen Yun and Li Fuchun': those received, named after the place and the description of them
RECEIVED_LIST = re.compile(r"\b(?:received|принял[аи]?)\b[^.;]{0,160}?,\s*(?=(?:Comrades|Cdes?\.|тт\.)\s)", re.I)
INTERPRETER = re.compile(r"\bwith (?P<name>[^,;]+?) translating\b|\binterpreters?:?\s*[–—-]?\s+(?P<name2>[^,;]+)|"
                         r"\b(?:interpreted|translated orally) by\s+(?P<name3>[^,;]+)|\bпереводил[аи]?:?\s+(?P<name4>[^,;]+)|"
                         r"\bпереводчик(?:и|ами)?:?\s*[–—-]?\s+(?P<name5>[^,;]+)",
                         re.I)
INTERPRETED = re.compile(r"^(.*?[A-ZА-ЯЁ][\w'’.-]+)(?:,\s*who|,\s*[a-zа-яё][^,]{0,60},)?\s+(?:interpreted|was interpreting|acted as (?:the )?interpreter|"
                         r"переводил[аи]?)\b")
RECORDER = re.compile(r"\b(?:recorded|written down|minutes taken|taken down in shorthand) by:?\s+(?P<name>[^,;\[]+)"
                      r"|\b(?:записал|стенографировал)[аи]?:?\s+(?P<name2>[^,;\[]+)",
                      re.I)
ADDRESS = re.compile(r"^(?:To|Кому:?|Товарищу)\s+(?P<to>.+?)[.:]?$")
VALEDICTION = re.compile(r"^(?:regards|greetings|respectfully|sincerely|yours|with (?:communist|comradely) "
                         r"greetings|salute|с (?:коммунистическим )?приветом|с уважением|привет)\b", re.I)
WORD_BEFORE_STOP = re.compile(r"([\w\]]+)[.!?][\"”»’)\]]*\s+$")
ABBREVIATIONS = {"cde", "cdes", "com", "comr", "tov", "mr", "mrs", "dr", "gen", "col", "st", "no", "nos", "vol", "pp",
                 "ed", "eds", "etc", "vs", "т", "тт", "тов", "г", "гг", "ген", "см", "им", "стр", "англ", "кит",
                 "ambs", "amb", "lt", "capt", "messrs",
                 # an archival reference's parts ('f. 82, op. 2, d. 1266, ll. 34-38', 'ф. 07, оп. 23а, п. 18, л. 5')
                 "op", "ll", "ff", "por", "оп", "лл", "пор",
                 # initials of two letters in transliterated Russian names ('A. Ya. Vyshinsky', 'N. Kh. …')
                 "ya", "yu", "ye", "yo", "zh", "kh", "ts", "ch", "sh"}


@dataclass
class PersonCue:
    written: str
    pid: str | None
    roles: set[str] = field(default_factory=set)
    line: int | None = None
    cue: str = ""

    @property
    def key(self) -> str:
        return self.pid or local_person_id(self.written)


def keep_bracketed(text: str) -> str:
    """Editorial brackets opened: '[Nikolai] Roshchin' → 'Nikolai Roshchin'."""
    return re.sub(r"\s+", " ", re.sub(r"[\[\]]", "", text)).strip()


def drop_bracketed(text: str) -> str:
    """Editorial brackets removed with their content: 'I[van]. V.' → 'I. V.'."""
    return re.sub(r"\s+", " ", re.sub(r"\[[^\]]*\]", "", text)).strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text``; initials and abbreviations do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[.!?][\"”»’)\]]*\s+(?=[\[\"“«(]?[A-ZА-ЯЁ0-9])", text):
        word = WORD_BEFORE_STOP.search(text, max(0, m.start() - 100), m.end())  # a window, not all the text before
        token = word.group(1) if word else ""
        if len(token) <= 1 or token.endswith("]") or token.casefold() in ABBREVIATIONS:
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


class PeopleFinder:
    """The cues, each a method over one sentence or line, sharing the one entity index (the registers)."""

    def __init__(self, registers: Registers):
        self.registers = registers
        self.index = registers.index

    # ---------------------------------------------------------------- names

    def names_in(self, phrase: str, cue: str, line: int | None, registered_only: bool = False,
                 roles: set[str] | None = None) -> list[PersonCue]:
        """Persons named in a list phrase ('A, B and the interpreter C')."""
        found: list[PersonCue] = []
        for item in re.split(r"(?i)\s*,\s*(?:and\s+|и\s+)?|\s+and\s+|\s+и\s+|;\s*|[、，；]|和", phrase):
            item = re.sub(r"(?i)\s+(?:and|и)$", "", item.strip(" :"))
            if not re.search(r"(?:^|[\s.])[A-ZА-ЯЁ]\.$", item):  # keep the dot of a final initial ('Громыко А.А.')
                item = item.rstrip(".")
            if not item:
                continue
            item_roles = set(roles or ())
            item_roles |= {role for role, pattern in ROLE_WORDS.items() if pattern.search(item)}
            for written, pid in self._resolve_item(item, registered_only):
                found.append(PersonCue(written, pid, set(item_roles), line, cue))
        return found

    def _resolve_item(self, item: str, registered_only: bool) -> list[tuple[str, str | None]]:
        for variant in (drop_bracketed(item), keep_bracketed(item)):
            name = trailing_name(variant)
            pid = self.index.resolve(name) if name else None
            if pid and set(self.index.ids(variant)) <= {pid}:  # the item names no one else ('A Soviet participants: B')
                return [(name, pid)]
        for variant in (keep_bracketed(item), drop_bracketed(item)):  # names inside the item ('с Чжоу Энь-лаем')
            ids = self.index.ids(variant)
            if ids:
                return [(self.registers.persons[i].name("en"), i) for i in ids]
        if registered_only:
            return []
        name = trailing_name(keep_bracketed(item))
        while name and " " in name and self._is_place_or_org(name.split()[0]):
            name = name.split(" ", 1)[1]  # 'China Apollon Petrov' (an ambassador in China)
        if not name or self._is_place_or_org(name):
            return []
        return [(name, None)]

    def _is_place_or_org(self, text: str) -> bool:
        return bool(self.index.resolve(text, "place") or self.index.resolve(text, "org"))

    # ---------------------------------------------------------------- cues

    def title(self, title: str, line: int | None) -> tuple[list[PersonCue], list[PersonCue], list[PersonCue]]:
        """(principals, authors, addressees) a title names."""
        plain = drop_bracketed(title)
        m = re.search(r"(?i:\b(?:between|между))\s+(?P<list>.+?)(?:,\s*(?:\d|[A-Z][a-z]+ \d)|(?<=[a-z]{2})\.\s|$)", plain)
        if m and re.search(r"\bconversation|talks|meeting|беседы|переговоров", plain[:m.start()], re.I):
            return self.names_in(m.group("list"), "title", line, roles={"speaker"}), [], []
        m = re.search(r"(?i:\bwith|(?<!\w)с|(?<!\w)со)\s+(?P<list>.+?)(?:,\s*(?:\d|[A-Z][a-z]+ \d)|(?<=[a-z]{2})\.\s|$)", plain)
        if m and re.search(r"\bconversation|talks|meeting|беседы|беседа|встреча", plain[:m.start()], re.I):
            before = plain[:m.start()]
            host = re.search(r"(?i:\b(?:of|by))\s+(.+?)\s*$", before) or re.search(r"(?i)беседы\s+(.+?)\s*$", before)
            lead = self.names_in(host.group(1), "title", line, roles={"speaker"}) if host else []
            return lead + self.names_in(m.group("list"), "title", line, roles={"speaker"}), [], []
        m = re.search(r"^[^,]+,\s*(?P<from>.+?)\s+to\s+(?P<to>.+?)\s*$", plain) or \
            re.search(r"\bfrom\s+(?P<from>.+?)\s+to\s+(?P<to>.+?)\s*$", plain)
        if m:
            return ([], self.names_in(m.group("from"), "title", line, roles={"author"}),
                    self.names_in(m.group("to"), "title", line, roles={"addressee"}))
        return [], [], []

    def attendance(self, sentence: str, line: int | None) -> list[PersonCue]:
        text = keep_bracketed(sentence)
        found: list[PersonCue] = []
        m = PRESENT_AFTER.search(text)
        if m:
            found += self.names_in(text[m.end():], "present", line, roles={"present"})
        else:
            m = PRESENT_BEFORE.search(text)
            if m:
                subject = LEADING_SIDE.sub("", text[:m.start()].strip())
                # only a subject that is a list of names: 'if Wang Jiaxiang, who had arrived, took part' is not
                if len(subject.split()) <= 16 and not SUBORDINATE.search(subject):
                    found += self.names_in(subject, "present", line, roles={"present"})
        for i in INTERPRETER.finditer(text):
            name = next(g for g in i.groups() if g)
            found += self.names_in(name, "interpreter", line, roles={"interpreter"})
        acted = INTERPRETED.search(text)  # 'Shi Zhe interpreted.'
        if acted:
            found += self.names_in(trailing_name(acted.group(1)) or "", "interpreter", line, roles={"interpreter"})
        for r in RECORDER.finditer(text):
            name = next(g for g in r.groups() if g)
            found += self.names_in(name, "recorder", line, roles={"recorder"})
        return found

    def side_table(self, lines: list[str], line: int | None) -> list[PersonCue]:
        """Those present in a table of the two sides ('From the Soviet side:' over its names, one a line, then
        'From the Chinese side:' over its: normalise reads the two columns one after the other); '(interpreter)'
        after a name gives the role."""
        if not lines or not SIDE_HEAD.fullmatch(lines[0].strip()):
            return []
        found: list[PersonCue] = []
        for row in lines[1:]:
            if SIDE_HEAD.fullmatch(row.strip()):
                continue
            roles = {"present", "interpreter"} if re.search(r"\(\s*(?:interpreter|переводчик)", row, re.I) else {"present"}
            found += self.names_in(re.sub(r"\s*\([^)]*\)", "", row), "present", line, roles=roles)
        return found

    def opening(self, sentence: str, line: int | None) -> list[PersonCue]:
        text = drop_bracketed(sentence)
        found: list[PersonCue] = []
        for m in OPENING.finditer(text):
            rest = re.split(r"\s+(?:on|in|at|took|was|were|about|regarding|concerning|who|which|that)\b|[.;:(]",
                            text[m.end():])[0]
            if re.match(r"(?:me|us)\b", text[m.end():]):
                # 'In conversations with me on 5 and 6 July Cdes. A, B, and C requested': the names after
                after = re.sub(r"^(?:me|us)\b(?:\s+on\s+\d{1,2}(?:\s*(?:and|-|–)\s*\d{1,2})?\s+[A-Z][a-z]+(?:,?\s+\d{4})?"
                               r"|\s+on\s+[A-Z][a-z]+\s+\d{1,2}(?:,\s*\d{4})?)?,?\s*", "", text[m.end():])
                run = re.match(r"((?:(?:[A-ZА-ЯЁ][\w'’.-]*|and|и|,)\s*)+)", after)
                if run:
                    found += self.names_in(run.group(1), "opening", line, roles={"speaker"})
                continue
            if re.match(r"(?:him|her|them)\b", rest):
                continue
            found += self.names_in(rest, "opening", line, roles={"speaker"})
        for m in RECEIVED_LIST.finditer(text):
            found += self.names_in(re.split(r"[.;:(]", text[m.end():])[0], "opening", line, roles={"speaker"})
        return found

    def speech(self, sentence: str, line: int | None) -> list[PersonCue]:
        """Registered persons reported speaking: 'Mao Zedong replied', 'Cdes. A, B and C requested'.

        Only the sentence's first speech verb counts (what follows it is what was said), and its
        subject must open the sentence or follow an opening phrase and a comma ('In conclusion,
        Zhou Enlai asked'): 'In the same conversation Chiang Kai-shek declared' is reported, not heard."""
        text = drop_bracketed(sentence)
        m = SPEECH.search(text)
        if not m:
            return []
        before = re.sub(rf"\s+(?:{ADVERBS})$", "", text[:m.start()].rstrip())
        run = re.search(r"((?:(?:[A-ZА-ЯЁ][\w'’.-]*|and|и|,)\s*)+)$", before)
        if not run:
            return []
        names = run.group(1).strip(" ,")
        if not re.search(r"\s(?:and|и)\s", names):  # 'Characterizing Wang Jiaxiang, Mao Zedong said'
            names = names.rsplit(",", 1)[-1].strip()
        lead = before[:before.rfind(names)].strip()
        lead = re.sub(r"(?:^|\s)(?:cdes?\.|comrades?|com\.|тт?\.)$", "", lead, flags=re.I).strip()
        if lead and not lead.endswith(","):
            return []
        return self.names_in(names, "speech", line, registered_only=True, roles={"speaker"})

    def address(self, first_line: str, line: int | None) -> list[PersonCue]:
        m = ADDRESS.match(first_line.strip())
        if not m:
            return []
        to = re.sub(r"^the [A-Z]\w+,\s*to\s+", "", m.group("to"))
        return self.names_in(to, "address", line, roles={"addressee"})

    def diary_author(self, heading: str, line: int | None) -> list[PersonCue]:
        m = re.search(r"(?i)\b(?:diary|journal) of\s+(.+)$|из дневника\s+(.+)$", heading)
        return self.names_in(trailing_name(m.group(1) or m.group(2)) or "", "diary", line, roles={"author"}) if m else []

    def signature(self, text: str, line: int | None) -> list[PersonCue]:
        """The author of a short closing line ('Ambassador of the USSR in China A[pollon] Petrov')."""
        text = re.sub(r"\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*$", "", text).strip(" .")
        # the date and hour beside the name ('Mao Zedong, 4 a.m., 3 January') sign nothing: no person 'January'
        text = CLOCK.sub("", DAY_MONTH.sub("", text)).strip(" .,")
        lower = [w for w in re.findall(r"[^\W\d_]+", drop_bracketed(text)) if w.islower()]
        if (not text or len(text.split()) > 12 or text.endswith("?") or VALEDICTION.match(text)
                or re.match(r"\d+[.)]\s", text) or len(lower) > 3):  # a footnote or a sentence signs nothing
            return []
        return self.names_in(text, "signature", line, roles={"author"})


def trailing_name(item: str) -> str | None:
    """The name at the end of a phrase: 'military attache major general Nikolai Roshchin' → 'Nikolai Roshchin'."""
    tokens = item.replace("’s ", " ").split()
    run: list[str] = []
    for token in reversed(tokens):
        bare = token.strip(",;:()\"“”«»")
        if HONORIFIC.match(bare) or bare.casefold().strip(".") in NOT_NAME:
            break
        if run and re.fullmatch(r"[A-ZА-ЯЁ]{2,6}", bare):  # 'советник Посольства КНР Гэ Бао-цюань': a country's
            break  # or an organisation's abbreviation ends what is before the name
        if re.fullmatch(r"(?:[A-ZА-ЯЁ]\.){1,3}|[A-ZА-ЯЁ][\w'’-]*\.?", bare):
            run.insert(0, bare)
            if len(run) == 4:
                break
        else:
            break
    if not any(len(t.strip(".")) >= 3 and not re.fullmatch(r"(?:[A-ZА-ЯЁ]\.)+", t) for t in run):
        return None
    name = " ".join(run)
    return name if re.search(r"\b[A-ZА-ЯЁ]\.$", name) else name.rstrip(".")
