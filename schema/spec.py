"""The edition's TEI customisation, declared once.

``schema/generate.py`` turns this description into ``edition.rng`` (RELAX NG, what Oxygen and
the validator use) and ``edition.xsd`` + ``xml.xsd`` (W3C XML Schema, checked with xmlschema),
so the two grammars cannot drift apart. docs/validation.md explains the choices.

Why a description of our own rather than an ODD: the customisation is small, the project's
tools are Python, and the one thing that matters -- every document this schema accepts is
also valid against tei_all -- is proved by tests (tests/test_validation_schema.py), not
assumed from the ODD machinery.

Content models use a small regular syntax: element references (``name`` or
``name~variant`` for a context-specific definition of the same element), sequence by
juxtaposition, ``|`` for choice, ``? * +`` and parentheses; ``text`` (character data only),
``empty``, ``data(T)`` (characters of datatype T of ``TYPES``), or ``mixed(...)`` (characters interleaved
with the given elements). UPPERCASE
words are macros. Every content model must be deterministic (XSD's Unique Particle
Attribution), which xmlschema checks when it loads the generated XSD.

Attributes map a name (``?`` suffix: optional) to a datatype of ``TYPES`` or an inline
``a|b|c`` list of values.
"""

from __future__ import annotations

ID = r"[a-zа-яё][a-zа-яё0-9]*([._\-][a-zа-яё0-9]+)*"
REGISTER_FILE = r"([a-z0-9_\-]+/)*[a-z0-9_\-]+\.xml"
# an http(s) URL that libxml2 and xmlschema both accept as xs:anyURI (they differ on odd ones)
URL_CHAR = r"([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})"
URL = (rf"https?://[A-Za-z0-9]([A-Za-z0-9\-.]*[A-Za-z0-9])?(:[0-9]+)?(/{URL_CHAR}*)?(\?({URL_CHAR}|\?)*)?"
       rf"(#({URL_CHAR}|\?)*)?")

# name -> (kind, ...):  ("enum", "a b c") | ("pattern", base, regex) | ("builtin", xs type)
#                       | ("union", [types]) | ("list", item type[, fewest items, default 1])
TYPES: dict[str, tuple] = {
    "lang": ("enum", "en ru zh ko ja zh-Latn"),  # zh-Latn: Chinese in Latin letters (a romanised word)
    "id": ("pattern", "ID", ID),  # xs:ID: unique in the document, as tei_all has it
    "pointer.local": ("pattern", "anyURI", "#" + ID),
    "pointer.any": ("pattern", "anyURI", f"({REGISTER_FILE})?#{ID}"),
    "pointers.local": ("list", "pointer.local"),
    "pointers.any": ("list", "pointer.any"),
    "pointers.link": ("list", "pointer.local", 2),  # TEI: a link joins at least two things
    "pointer.ref": ("union", ["pointer.any", "uri"]),  # a name's entry here, and its authority records elsewhere
    "pointers.ref": ("list", "pointer.ref"),
    "uri": ("pattern", "anyURI", URL),
    "string": ("builtin", "string"),
    "date": ("builtin", "date"),
    "gYear": ("builtin", "gYear"),
    "gYearMonth": ("builtin", "gYearMonth"),
    "clock": ("builtin", "time"),
    "name": ("builtin", "Name"),  # an XML name: of an element or attribute (gi, att)
    "duration": ("builtin", "duration"),
    "temporal": ("union", ["date", "gYearMonth", "gYear"]),
    "certainty": ("enum", "high medium low unknown"),
    "probability": ("pattern", "decimal", r"0(\.[0-9]+)?|1(\.0+)?"),
    "probcert": ("union", ["probability", "certainty"]),  # TEI's teidata.probCert
    "folio": ("pattern", "string", "[0-9]+[a-z]?(ob|r|v)?"),
    "role": ("enum", "author interpreter present recorder speaker"),
    "roles": ("list", "role"),
}

# what an editor is told a value of each datatype should look like (RELAX NG a:documentation, XSD annotation)
DESCRIPTIONS: dict[str, str] = {
    "name": "an XML name, such as choice or xml:id (no spaces)",
    "lang": "a language code of the edition: en, ru, zh, ko or ja (zh-Latn: Chinese in Latin letters)",
    "id": "an id: lower-case letters and digits, words joined by '-', '_' or '.', beginning with a letter",
    "pointer.local": "a pointer to an id of this document, '#id'",
    "pointer.any": "a pointer '#id' (this document) or 'registers/<file>.xml#id' (a register entry)",
    "pointers.local": "one or more pointers '#id' to ids of this document, separated by spaces",
    "pointers.any": "one or more pointers '#id' or 'registers/<file>.xml#id', separated by spaces",
    "pointers.link": "two or more pointers '#id' to ids of this document, separated by spaces",
    "pointer.ref": "a pointer '#id' or 'registers/<file>.xml#id', or an authority record's URL (http…)",
    "pointers.ref": "pointers '#id' or 'registers/<file>.xml#id', and authority URLs (http…), separated by spaces",
    "uri": "an http(s) URL",
    "string": "any text",
    "date": "a date YYYY-MM-DD",
    "gYear": "a year YYYY",
    "gYearMonth": "a month YYYY-MM",
    "clock": "a time of day hh:mm:ss",
    "duration": "an ISO 8601 duration such as PT1H30M",
    "temporal": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "certainty": "high, medium, low or unknown",
    "probability": "a probability from 0 to 1, such as 0.94",
    "probcert": "a probability from 0 to 1 (0.94), or high, medium, low or unknown",
    "folio": "a folio number, e.g. 29, 29ob, 12v",
    "role": "a participant's role: author, interpreter, present, recorder or speaker",
    "roles": "one or more roles (author interpreter present recorder speaker), separated by spaces",
}

MACROS: dict[str, str] = {
    # what may stand inside a sentence, a supplied passage, a name (the tagger wraps names around
    # line breaks and whole insertions: "p<supplied>arty</supplied>"), a date; a page break with the furniture
    # the new page prints above the text (pb, fw)
    "PHRASE": "supplied | gap | choice | pb | fw | lb | note~inline | date | time | persName | placeName | orgName | hi",
    # the content of a block (p, head, ...): phrases, or sentences (s) once the text is aligned
    "BLOCK": "s | PHRASE",
    # page furniture allowed between the blocks of a division
    "GLOBAL": "fw | pb | note~block",
    "TOP": "head | dateline | opener",
    "COMMON": "p | ab | sp | list",
    # what the tagger marks in the header's prose (titles, a source's citation and summary: issue 9, item 9)
    # and a partner's highlighting (issue 13): hi is never made by the converter, but admitted so that a returned
    # file with an italic title still validates
    "NAMES": "date | time | persName | placeName | orgName | hi",
}

ALIGNED = {"xml:id?": "id"}  # blocks that alignment may give an id
ENTRY_NAME = {"xml:lang": "lang", "type?": "preferred|variant", "subtype?": "misspelling|ambiguous"}  # registers

# def name -> (content, attributes)
ELEMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "TEI": ("teiHeader standOff* text~outer", {"xml:lang": "lang", "xml:id?": "id"}),  # an id: in a teiCorpus
    # ---------------------------------------------------------------- header
    # xml:lang: the editors' English, when the document's (its first text's) is another
    "teiHeader": ("fileDesc encodingDesc? profileDesc? revisionDesc?", {"xml:lang?": "lang"}),
    "fileDesc": ("titleStmt publicationStmt notesStmt? sourceDesc", {}),
    "titleStmt": ("title~stmt+ editor* respStmt*", {}),
    "title~stmt": ("mixed(NAMES*)", {"type": "main|sub", "resp?": "pointers.local"}),
    "editor": ("text", {"xml:id": "id"}),
    "respStmt": ("resp persName~resp+", {}),
    "resp": ("text", {}),
    "persName~resp": ("text", {"xml:id?": "id", "ref?": "pointers.local"}),
    # the edition's key, and its URI when exported; where it is published and how to reach its editors (edition.toml)
    "publicationStmt": ("publisher pubPlace? address? idno+ availability date?", {}),
    "publisher": ("text", {}),
    "pubPlace": ("text", {}),
    "address": ("addrLine", {}),
    "addrLine": ("text", {}),
    "idno": ("text", {"type": "edition|reference|transcript|wikidata|URI|VIAF|GND|GeoNames|ISNI|LCNAF|ORCID"}),
    "availability": ("licence", {}),
    "licence": ("text", {"target?": "uri"}),
    "notesStmt": ("note~header+", {}),
    "note~header": ("mixed((p~header | NAMES)*)", {"type?": "editorial|citation|archival-reference|original-language|summary"
                                                  "|published-in|url-as-found|not-established|correction",
                                         "resp?": "pointers.local",
                                         # a correction's evidence: the choices it made (sic/corr in the texts)
                                         "target?": "pointers.local"}),
    "p~header": ("mixed(NAMES*)", {}),
    "sourceDesc": ("msDesc* bibl+", {}),
    "msDesc": ("msIdentifier msContents? history? additional?", {"xml:id": "id"}),
    # the document's own dates, as written: a covering letter's, a date beside a signature
    "history": ("origin", {}),
    "origin": ("mixed(origDate*)", {}),
    "origDate": ("text", {"type": "covering-letter|signature", "when": "date", "cert?": "certainty"}),
    # the editors' identification of a former and a current signature, with its evidence
    "additional": ("adminInfo", {}),
    "adminInfo": ("custodialHist", {}),
    "custodialHist": ("custEvent+", {}),
    "custEvent": ("text", {"type": "transfer", "resp?": "pointers.local"}),
    # an archival reference: its parts in the archive's hierarchy, then the reference as written (idno~ms);
    # collection is what the writer wrote before idno parts, still accepted; a former signature (TEI allows one
    # idno there) as written, its parts marked by idno inside it
    "msIdentifier": ("settlement? repository collection* idno~ms+ altIdentifier*", {}),
    "settlement": ("text", {}),
    "repository": ("text", {}),
    "collection": ("text", {"type": "fond|opis|delo|papka"}),
    "idno~ms": ("text", {"type": "fond|opis|papka|por|delo|tom|reference"}),
    "altIdentifier": ("settlement? repository? idno~former", {"type": "former"}),
    "idno~former": ("mixed(idno~part*)", {"type": "reference"}),
    "idno~part": ("text", {"type": "fond|opis|papka|por|delo|tom"}),
    "msContents": ("msItem+", {}),
    "msItem": ("(locus | locusGrp) textLang", {}),
    "locusGrp": ("locus+", {}),  # folios in several ranges: 'll. 5, 7-9'
    "locus": ("text", {"from": "folio", "to": "folio"}),
    "textLang": ("text", {"mainLang": "lang"}),
    "bibl": ("title~bibl publisher~bibl? date~bibl? ptr~bibl? respStmt* idno textLang note~header*",
             {"xml:id": "id", "type": "original|translation", "corresp?": "pointers.local"}),
    "title~bibl": ("mixed(NAMES*)", {}),
    "publisher~bibl": ("text", {"resp?": "pointers.local"}),
    "date~bibl": ("text", {"resp?": "pointers.local"}),  # when the source was published, as it says it
    "ptr~bibl": ("empty", {"target": "uri", "resp?": "pointers.local"}),
    "encodingDesc": ("projectDesc editorialDecl? | editorialDecl", {}),  # TEI: not empty
    "projectDesc": ("p~header+", {}),
    "editorialDecl": ("(correction | normalization | hyphenation | segmentation | interpretation)+", {}),
    "correction": ("p~encoding+", {}),
    "normalization": ("p~encoding+", {}),
    "hyphenation": ("p~encoding+", {"eol?": "all|some|hard|none"}),
    "segmentation": ("p~encoding+", {}),
    "interpretation": ("p~encoding+", {}),
    # an editorial principle: in words for readers, then how it is encoded (seg type="encoding", naming the
    # elements, attributes and values: what the printed edition leaves out and the web page shows)
    "p~encoding": ("mixed((NAMES | seg~encoding)*)", {}),
    "seg~encoding": ("mixed((gi | att | val)*)", {"type": "encoding"}),
    "gi": ("data(name)", {}),
    "att": ("data(name)", {}),
    "val": ("text", {}),
    "profileDesc": ("langUsage? creation? correspDesc* settingDesc? particDesc? textClass?", {}),
    # when a cable, report or letter was written, and by whom to whom (the conversation it reports: settingDesc)
    "creation": ("date", {}),
    # the converter's (a cable's, a report's) and the export's, CMIF-style, one per letter a document contains
    # (edition.exchange): @ref the letter's URI, @corresp the text it is in, a note saying what is not known
    "correspDesc": ("correspAction+ note~corresp*", {"ref?": "uri", "corresp?": "pointers.local"}),
    "correspAction": ("persName~corresp+ placeName~corresp? date? | date", {"type": "sent|received"}),
    # @ref: '#id' (the converter) or, in an export, the authority URIs, with '#id' in @corresp (CMIF reads @ref)
    "persName~corresp": ("text", {"ref?": "pointers.ref", "corresp?": "pointers.local"}),
    "placeName~corresp": ("text", {"ref?": "pointers.ref", "corresp?": "pointers.local"}),
    "note~corresp": ("text", {}),
    "langUsage": ("language+", {}),
    "language": ("text", {"ident": "lang"}),
    "settingDesc": ("setting", {}),
    "setting": ("placeName? date?", {}),
    "particDesc": ("listPerson", {}),
    "textClass": ("keywords", {}),
    "keywords": ("term+", {}),
    "term": ("text", {"type": "classification"}),
    "revisionDesc": ("change+", {}),
    "change": ("text", {"when?": "temporal", "who?": "pointers.local"}),
    # ---------------------------------------------------------------- persons, places, organisations
    # participants (particDesc) and copies of register entries (standOff) share one model
    "listPerson": ("person+", {}),
    "person": ("persName~entry+ birth? death? occupation* idno* note~header*",
               {"xml:id": "id", "role?": "roles"}),
    "persName~entry": ("text", ENTRY_NAME),
    "birth": ("empty", {"when": "temporal"}),
    "death": ("empty", {"when": "temporal"}),
    "occupation": ("text", {"xml:lang?": "lang"}),
    "listPlace": ("place+", {}),
    "place": ("placeName~entry+ location? idno* note~header*",
              {"xml:id": "id", "type?": "country|continent|region|province|city|island|islands|facility"}),
    "placeName~entry": ("text", ENTRY_NAME),
    "location": ("geo", {}),
    "geo": ("text", {}),
    "listOrg": ("org+", {}),
    "org": ("orgName~entry+ event? idno* note~header*",
            {"xml:id": "id", "type?": "government|party|committee|international|army|company|agency|commission"
                                      "|archive|website|event"}),
    "orgName~entry": ("text", ENTRY_NAME),
    "event": ("p~header+", {"when?": "temporal", "from?": "temporal", "to?": "temporal"}),
    # ---------------------------------------------------------------- stand-off: registers and alignment
    "standOff": ("(listPerson | listPlace | listOrg | linkGrp)+", {"xml:lang?": "lang"}),
    "linkGrp": ("(link | ptr~link)+", {"type": "translation", "subtype?": "sentence|paragraph",
                                       "corresp?": "pointers.local"}),
    # @cert: the link's probability (0-1, two decimals), or high/medium/low (hand-made or older files)
    "link": ("empty", {"target": "pointers.link", "cert?": "probcert", "n?": "string", "resp?": "pointers.local",
                       "ana?": "pointers.local"}),
    "ptr~link": ("empty", {"type": "unaligned", "target": "pointers.local", "cert?": "probcert", "n?": "string",
                           "resp?": "pointers.local"}),
    # ---------------------------------------------------------------- the texts
    "text~outer": ("group", {}),
    "group": ("text~version+", {}),
    "text~version": ("body", {"xml:id": "id", "xml:lang": "lang", "type": "original|translation",
                              "decls": "pointers.local"}),
    "body": ("(head | GLOBAL)* (div GLOBAL*)+", {}),
    "div": ("(TOP | GLOBAL)* (((div GLOBAL*)+ | (COMMON GLOBAL*)+ (div GLOBAL*)*) ((closer | dateline) GLOBAL*)*)?",
            {"type": "record|point|closing|covering-letter|endorsements|preceding-document", "n?": "string"}),
    "head": ("mixed(BLOCK*)", ALIGNED),
    "dateline": ("mixed(BLOCK*)", ALIGNED),
    "opener": ("salute", {}),
    "salute": ("mixed(BLOCK*)", ALIGNED),
    "p": ("mixed(BLOCK*)", ALIGNED),
    "ab": ("mixed(BLOCK*)", {**ALIGNED, "type": "attendance|head|dateline|signed"}),
    "sp": ("speaker p+", {**ALIGNED, "who": "pointers.local"}),
    "speaker": ("mixed(PHRASE*)", {}),
    "list": ("item+", {"type": "ordered"}),
    "item": ("mixed(BLOCK*)", {**ALIGNED, "n?": "string"}),
    "closer": ("salute? signed* dateline?", {}),
    "signed": ("mixed(BLOCK*)", ALIGNED),
    "fw": ("text", {"type": "header|folNum|pageNum"}),  # folNum: the archive's folio number
    "note~block": ("mixed(BLOCK*)", {**ALIGNED, "type": "classification|translator|editorial|query",
                                     "resp?": "pointers.local", "n?": "string"}),
    # ---------------------------------------------------------------- phrases
    "s": ("mixed(PHRASE*)", {"xml:id": "id", "type?": "unaligned", "ana?": "pointers.local",
                             "corresp?": "pointers.local", "n?": "string"}),
    "note~inline": ("mixed(PHRASE*)", {"type": "translator|query|editorial|classification|gloss|sic", "n?": "string",
                                       "resp?": "pointers.local", "place?": "inline"}),
    # gloss: another name of the word before; identification: who the next name is; original-wording: the
    # original's romanised word after its translation (docs/encoding.md, "Square brackets")
    "supplied": ("mixed(PHRASE*)", {"reason": "clarification|punctuation|abbreviation|gloss|identification"
                                              "|original-wording", "resp?": "pointers.local",
                                    "cert?": "certainty", "xml:lang?": "lang"}),
    # lost: a lacuna the translator describes ('[one word missing]'); omitted: a passage left out by a source's editor
    "gap": ("desc?", {"reason": "illegible|missing|not-transcribed|lost|omitted", "unit?": "signature|date|word|line"}),
    "desc": ("text", {}),
    "choice": ("sic corr", {"xml:id?": "id"}),  # the id: the note with the correction's evidence points to it
    "sic": ("text", {}),
    "corr": ("text", {"resp?": "pointers.local"}),
    # edRef: the source whose page this is (the version's bibl)
    "pb": ("empty", {"n?": "string", "cert?": "certainty", "edRef?": "pointer.local"}),
    "lb": ("empty", {"type?": "paragraph-split", "break?": "no", "rend?": "hyphen"}),
    "date": ("mixed(PHRASE*)", {"when?": "temporal", "from?": "temporal", "to?": "temporal", "notBefore?": "temporal",
                                "notAfter?": "temporal", "cert?": "certainty", "resp?": "pointers.local"}),
    "time": ("mixed(PHRASE*)", {"when?": "clock", "dur?": "duration", "cert?": "certainty"}),
    "persName": ("mixed(PHRASE*)", {"ref?": "pointers.ref", "cert?": "certainty"}),
    "placeName": ("mixed(PHRASE*)", {"ref?": "pointers.ref", "cert?": "certainty", "resp?": "pointers.local"}),
    # an event of the register (treaty, conference, congress, award, war: org[@type='event']) is typed as such
    # highlighting as the source shows it (italic, bold, underline, spaced, superscript: the rend-* classes of the
    # web and print CSS); a partner's addition, never the converter's (docs/exchange.md)
    "hi": ("mixed(PHRASE*)", {"rend?": "string"}),
    "orgName": ("mixed(PHRASE*)", {"ref?": "pointers.ref", "cert?": "certainty", "type?": "event"}),
}

ROOT = "TEI"
