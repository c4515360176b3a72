"""``edition export``: the edition as another archive can ingest it.

Why a package of its own and not the build's TEI: the build's files point at the schema beside them
(``../schema/``), at register copies by local ids and at nothing outside; a partner needs each document to stand
alone in an empty folder (absolute schema locations, a permanent URI, authority URIs beside the local pointers,
a dated and attributed record of the export), the whole edition as one ``teiCorpus`` without clashing ids, and
the catalogue records harvesters read (Dublin Core, a static OAI-PMH repository) with checksums.

    export/
      tei/<key>.xml       each conversation, standalone, valid against tei_all alone
      corpus.xml          a teiCorpus of them all, every id prefixed by its document's
      dc/<key>.xml        a Dublin Core record (oai_dc) per conversation
      oai.xml             a static OAI-PMH repository (Identify, ListMetadataFormats, ListRecords)
      manifest.json       every file with its size and SHA-256

The project's ``[exchange]`` table says where the edition lives: ``base_url`` (documents are
``<base_url><key>``) and ``schema_url`` (the project schema at a versioned URL); both have defaults only
for trying the command out, and say so.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import __version__
from .errors import Diagnostic, EditionError
from .outputs import Staging, output_lock, write_atomic
from .validation import add_xml_model
from .xmlsafe import parse_xml

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEI_ALL_URL = "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
WIKIDATA = "http://www.wikidata.org/entity/"
AUTHORITIES = {"wikidata": WIKIDATA, "viaf": "http://viaf.org/viaf/", "gnd": "https://d-nb.info/gnd/",
               "geonames": "https://sws.geonames.org/"}
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
STATIC = "http://www.openarchives.org/OAI/2.0/static-repository"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMAS = Path(__file__).parent / "schema" / "oai"  # the OAI's and DCMI's XML Schemas, vendored (README.md there)
PLACEHOLDER_EMAIL = "editors@example.org"
EMAIL = re.compile(r"\S+@(\S+\.)+\S+")  # OAI-PMH.xsd's emailType
POINTER_ATTRIBUTES = ("ref", "target", "corresp", "who", "resp", "source", "sameAs", "prev", "next", "ana", "from",
                      "to", "synch", "facs", "decls", "change", "copyOf", "exclude", "select", "hand", "wit",
                      "active", "passive", "mutual", "scribeRef", "scriptRef", "edRef")  # TEI's teidata.pointer ones


@dataclass(frozen=True)
class ExchangeConfig:
    base_url: str
    schema_url: str
    defaulted: bool  # neither was set in edition.toml: fine to try, not to publish

    @classmethod
    def from_table(cls, table: dict | None, path: Path | None) -> "ExchangeConfig":
        table = table or {}
        unknown = sorted(set(table) - {"base_url", "schema_url"})
        if unknown or not all(isinstance(v, str) and v.strip() for v in table.values()):
            raise EditionError(Diagnostic("project.bad-exchange", "error",
                                          "[exchange] takes base_url and schema_url, both URL strings"
                                          + (f" (unknown: {', '.join(unknown)})" if unknown else ""), str(path)))
        base = table.get("base_url", "https://example.org/edition/")
        base = base if base.endswith("/") else base + "/"
        schema = table.get("schema_url", f"{base}schema/{__version__}/edition.rng")
        return cls(base, schema, "base_url" not in table)


@dataclass
class ExportResult:
    out_dir: Path
    documents: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def export(tei_paths: list[Path], out_dir: Path, config: ExchangeConfig, editors: list[str],
           licence: str, today: dt.date | None = None, contact: str | None = None) -> ExportResult:
    """The exchange package of these TEI files in ``out_dir/export``, made in staging and swapped in whole.

    ``contact`` (edition.toml's) is the OAI repository's adminEmail when it is an e-mail address. The catalogue
    records are validated against the vendored OAI and DCMI schemas before the package is swapped in: an invalid
    one is this module's bug, and a harvester would reject the whole repository for it, so the last good package
    stays (``export.invalid-catalogue``)."""
    today = today or dt.date.today()
    result = ExportResult(out_dir / "export")
    if config.defaulted:
        result.diagnostics.append(Diagnostic(
            "export.no-base-url", "warning", f"no [exchange] base_url in edition.toml: the documents' URIs use "
            f"{config.base_url}, which is nobody's; set it before giving the package to anyone"))
    admin_email = contact.strip() if contact and EMAIL.fullmatch(contact.strip()) else None
    if admin_email is None:
        result.diagnostics.append(Diagnostic(
            "export.no-admin-email", "warning", f"edition.toml's contact is {'not an e-mail address' if contact else 'not set'}: "
            f"oai.xml names {PLACEHOLDER_EMAIL} as the repository's adminEmail, which OAI-PMH requires; set "
            f'contact = "you@your.institution" before registering the repository with a gateway'))
    with output_lock(out_dir), Staging(out_dir) as staging:
        root = staging.part("export")
        docs = []
        for path in tei_paths:
            tree = parse_xml(path)
            key = path.stem
            standalone(tree, key, config, today)
            docs.append((key, tree))
            result.documents.append(_write(root / "tei" / f"{key}.xml", tree, result))
            _write(root / "dc" / f"{key}.xml", etree.ElementTree(dublin_core(tree, key, config, licence)), result)
        _write(root / "corpus.xml", corpus(docs, config, editors, licence, today), result)
        _write(root / "oai.xml", static_repository(docs, config, licence, today, admin_email or PLACEHOLDER_EMAIL),
               result)
        problems = [d for path in result.files if path.parent.name == "dc" or path.name == "oai.xml"
                    for d in check_catalogue(path, root)]
        if problems:
            raise EditionError(problems[0] if len(problems) == 1 else Diagnostic(
                problems[0].code, "error", f"{problems[0].message} (and {len(problems) - 1} more)", problems[0].file,
                problems[0].line))
        manifest = {"edition": config.base_url, "exported": today.isoformat(), "tool": f"edition {__version__}",
                    "files": [{"path": str(p.relative_to(root)), "bytes": p.stat().st_size,
                               "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in result.files]}
        write_atomic(root / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        staging.publish()
    moved = result.out_dir
    result.documents = [moved / p.relative_to(root) for p in result.documents]
    result.files = [moved / p.relative_to(root) for p in result.files] + [moved / "manifest.json"]
    return result


def _write(path: Path, tree: etree._ElementTree, result: ExportResult) -> Path:
    write_atomic(path, etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    result.files.append(path)
    return path


# ------------------------------------------------------------------ one document

def standalone(tree: etree._ElementTree, key: str, config: ExchangeConfig, today: dt.date) -> None:
    """Make one built document stand alone: its id and URI, absolute schema locations, authority URIs beside the
    local pointers, and a dated, attributed change recording the export."""
    root = tree.getroot()
    root.set(XML_ID, document_id(key))
    uri = config.base_url + key
    publication = root.find(f"{T}teiHeader/{T}fileDesc/{T}publicationStmt")
    edition_idno = publication.find(f"{T}idno[@type='edition']")
    idno = etree.Element(f"{T}idno", type="URI")
    idno.text = uri
    (edition_idno.addnext if edition_idno is not None else publication.append)(idno)
    for desc in root.iterfind(f"{T}teiHeader/{T}profileDesc/{T}correspDesc"):
        cmif_style(desc, _authority_map(root))  # the converter's, of a cable or report
    for description in correspondence(root, uri):
        _add_corresp_desc(root, description)
    _authority_uris(root)
    header = root.find(f"{T}teiHeader")
    revision = header.find(f"{T}revisionDesc")
    if revision is None:
        revision = etree.SubElement(header, f"{T}revisionDesc")
    editor = root.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}editor[@{XML_ID}]")
    change = etree.SubElement(revision, f"{T}change", when=today.isoformat())
    if editor is not None:
        change.set("who", f"#{editor.get(XML_ID)}")
    change.text = f"Exported for exchange by edition {__version__} as {uri}."
    _absolute_schemas(tree, config)  # last: it may re-seat the root


def document_id(key: str) -> str:
    """An xml:id from a conversation key: keys begin with the date, ids may not begin with a digit."""
    return f"conv-{key}"


def _absolute_schemas(tree: etree._ElementTree, config: ExchangeConfig) -> None:
    """The xml-model PIs point at the project schema's versioned folder (the one of schema_url) and at tei_all,
    not at ../schema/."""
    add_xml_model(tree, config.schema_url.rsplit("/", 1)[0] + "/")
    tree.getroot().addprevious(etree.ProcessingInstruction(
        "xml-model", f'href="{TEI_ALL_URL}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"'))


def _authority_map(root: etree._Element) -> dict[str, list[str]]:
    """Local id → the authority URIs its entry (the document's own copy of the register entry) carries."""
    uris: dict[str, list[str]] = {}
    for entry in root.iter(f"{T}person", f"{T}place", f"{T}org"):
        ident = entry.get(XML_ID)
        for idno in entry.findall(f"{T}idno"):
            base = AUTHORITIES.get((idno.get("type") or "").lower())
            if ident and base and (idno.text or "").strip():
                uris.setdefault(ident, []).append(base + idno.text.strip())
    return uris


def _authority_uris(root: etree._Element) -> None:
    """@ref="#stalin" → @ref="#stalin http://www.wikidata.org/entity/Q855": the entry's authority ids (in the
    document's own copy of the register entry) as URIs beside the local pointer."""
    uris = _authority_map(root)
    for el in root.iter(f"{T}persName", f"{T}placeName", f"{T}orgName"):
        refs = (el.get("ref") or "").split()
        if refs and refs[0].startswith("#") and refs[0][1:] in uris:
            el.set("ref", " ".join(dict.fromkeys(refs + uris[refs[0][1:]])))


# ------------------------------------------------------------------ letters: CMIF correspDesc

LETTER_DIVS = ("covering-letter", "letter")
UNKNOWN = "Unknown"  # CMIF: "if the sender or addressee is unknown please indicate this by the string 'Unknown'"


@dataclass(frozen=True)
class Party:
    """A sender or an addressee as the letter shows them: the written name, the local entry, its authority URIs."""
    name: str
    local: str | None = None  # "#poskrebyshev"
    uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correspondence:
    """One letter's correspondence metadata, only from the letter itself (signature, salutation, dateline)."""
    letter_uri: str
    text_id: str | None
    senders: tuple[Party, ...]
    addressees: tuple[Party, ...]
    date: etree._Element | None  # the dateline's date, copied
    place: Party | None
    unknown: tuple[str, ...]  # what the letter does not say, one sentence each


def correspondence(root: etree._Element, uri: str) -> list[Correspondence]:
    """The letters of a document (``div type="covering-letter"`` or ``"letter"``) as CMIF would describe them.

    Why only from the letter: a covering letter's sender is whoever signed it, not the conversation's speakers,
    and its addressee is the one its salutation names; a place or date from elsewhere in the record would be
    a guess that looks like evidence. What the letter does not show is said in a note, not filled in."""
    authorities = _authority_map(root)
    found = []
    for div in root.iter(f"{T}div"):
        if div.get("type") not in LETTER_DIVS:
            continue
        text = next((a for a in div.iterancestors(f"{T}text") if a.get(XML_ID)), None)
        unknown = []
        senders = _parties(div.findall(f"{T}closer//{T}signed") + div.findall(f"{T}opener//{T}signed"), authorities)
        if not senders:
            signed = div.find(f".//{T}signed")
            unknown.append("The sender is not known: " + (
                "the signature is illegible." if signed is not None and signed.find(f".//{T}gap") is not None
                else "the signature names no one." if signed is not None else "the transcript shows no signature."))
        addressees = _parties(div.findall(f"{T}opener//{T}salute"), authorities)
        if not addressees:
            unknown.append("The addressee is not known: the salutation names no one.")
        dateline = div.find(f"{T}closer/{T}dateline")
        dateline = dateline if dateline is not None else div.find(f"{T}opener/{T}dateline")
        date = None
        if dateline is not None:
            date = next((d for d in dateline.iter(f"{T}date")
                         if any(d.get(a) for a in ("when", "from", "to", "notBefore", "notAfter"))), None)
        if date is None:
            unknown.append("The date of sending is not known: the letter has no dated dateline.")
        places = _parties([dateline], authorities, f"{T}placeName") if dateline is not None else ()
        if not places:
            unknown.append("The place of sending is not stated in the letter.")
        unknown.append("Its receipt (date, place) is not recorded.")
        found.append(Correspondence(uri, text.get(XML_ID) if text is not None else None, senders or (Party(UNKNOWN),),
                                    addressees or (Party(UNKNOWN),), date, places[0] if places else None,
                                    tuple(unknown)))
    return found


def _parties(containers: list[etree._Element], authorities: dict[str, list[str]],
             tag: str = f"{T}persName") -> tuple[Party, ...]:
    """The names inside these elements (a signature, a salutation, a dateline), each with its local entry and
    that entry's authority URIs; unregistered names keep only what is written."""
    parties = []
    for container in containers:
        for name in container.iter(tag):
            written = " ".join("".join(name.itertext()).split())
            if not written:
                continue
            refs = (name.get("ref") or "").split()
            local = refs[0] if refs and refs[0].startswith("#") else None
            uris = tuple(authorities.get(local[1:], ())) if local else ()
            uris += tuple(r for r in refs if r.startswith("http") and r not in uris)
            parties.append(Party(written, local, uris))
    return tuple(dict.fromkeys(parties))


def _add_corresp_desc(root: etree._Element, letter: Correspondence) -> etree._Element:
    """profileDesc/correspDesc for one letter, in the CMIF's shape: @ref the letter's URI, correspAction sent
    and received with persName (@ref the authority URIs, which CMIF reads; @corresp the local entry), a place and a
    date when the letter gives them, and a note of what it does not."""
    profile = root.find(f"{T}teiHeader/{T}profileDesc")
    if profile is None:
        profile = etree.Element(f"{T}profileDesc")
        root.find(f"{T}teiHeader/{T}fileDesc").addnext(profile)
    after = [profile.find(f"{T}{name}") for name in ("correspDesc", "creation", "langUsage")]
    desc = etree.Element(f"{T}correspDesc", ref=letter.letter_uri)
    if letter.text_id:
        desc.set("corresp", f"#{letter.text_id}")
    existing = profile.findall(f"{T}correspDesc")
    anchor = existing[-1] if existing else next((a for a in after if a is not None), None)
    (anchor.addnext if anchor is not None else lambda d: profile.insert(0, d))(desc)
    desc.tail = anchor.tail if anchor is not None else profile.text
    for kind, parties in (("sent", letter.senders), ("received", letter.addressees)):
        action = etree.SubElement(desc, f"{T}correspAction", type=kind)
        for party in parties:
            _party(action, f"{T}persName", party)
        if kind == "sent":
            if letter.place is not None:
                _party(action, f"{T}placeName", letter.place)
            if letter.date is not None:
                date = etree.SubElement(action, f"{T}date", {k: v for k, v in letter.date.attrib.items()
                                                              if k in ("when", "from", "to", "notBefore", "notAfter")})
                date.text = " ".join("".join(letter.date.itertext()).split())
    if letter.unknown:
        etree.SubElement(desc, f"{T}note").text = " ".join(letter.unknown)
    return desc


def cmif_style(desc: etree._Element, authorities: dict[str, list[str]]) -> None:
    """A correspDesc the converter wrote (a cable's: sender, addressee, date) in the CMIF's shape: each name's
    local pointer moves to @corresp and @ref keeps only authority URIs, and a missing sent or received action
    becomes CMIF's 'Unknown' rather than absent (the CMIF requires both)."""
    for name in desc.iter(f"{T}persName", f"{T}placeName"):
        refs = (name.get("ref") or "").split()
        local = [r for r in refs if r.startswith("#")]
        uris = [u for r in local for u in authorities.get(r[1:], ())] + [r for r in refs if not r.startswith("#")]
        if local:
            name.set("corresp", " ".join(local))
        if uris:
            name.set("ref", " ".join(dict.fromkeys(uris)))
        elif "ref" in name.attrib:
            del name.attrib["ref"]
    actions = {a.get("type"): a for a in desc.findall(f"{T}correspAction")}
    for kind in ("sent", "received"):
        if kind not in actions:
            action = etree.Element(f"{T}correspAction", type=kind)
            etree.SubElement(action, f"{T}persName").text = UNKNOWN
            (desc.insert(0, action) if kind == "sent" else actions["sent"].addnext(action))
            actions[kind] = action
        elif actions[kind].find(f"{T}persName") is None:  # a date alone: the project schema allows it, CMIF not
            persname = etree.Element(f"{T}persName")
            persname.text = UNKNOWN
            actions[kind].insert(0, persname)


def _party(action: etree._Element, tag: str, party: Party) -> None:
    el = etree.SubElement(action, tag)
    el.text = party.name
    if party.uris:
        el.set("ref", " ".join(party.uris))
    if party.local:
        el.set("corresp", party.local)


# ------------------------------------------------------------------ the corpus

def prefixed(tree: etree._ElementTree, key: str) -> etree._Element:
    """A copy of a document whose ids and local pointers carry its prefix, so documents can share one file."""
    root = copy.deepcopy(tree.getroot())
    prefix = document_id(key)
    ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get(XML_ID) and el is not root:
            el.set(XML_ID, f"{prefix}.{el.get(XML_ID)}")
        for name in POINTER_ATTRIBUTES:
            value = el.get(name)
            if value and "#" in value:
                el.set(name, " ".join(f"#{prefix}.{p[1:]}" if p.startswith("#") and p[1:] in ids else p
                                      for p in value.split()))
    return root


def corpus(docs: list[tuple[str, etree._ElementTree]], config: ExchangeConfig, editors: list[str], licence: str,
           today: dt.date) -> etree._ElementTree:
    first = docs[0][1].getroot() if docs else None
    title_text = _text(first, f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title[@type='main']") if first is not None else ""
    corpus_root = etree.Element(f"{T}teiCorpus", nsmap={None: TEI_NS})
    corpus_root.set(XML_ID, "corpus")
    header = etree.SubElement(corpus_root, f"{T}teiHeader")
    file_desc = etree.SubElement(header, f"{T}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{T}titleStmt")
    etree.SubElement(title_stmt, f"{T}title").text = f"{len(docs)} conversations of the edition {config.base_url}"
    for name in editors:
        etree.SubElement(title_stmt, f"{T}editor").text = name
    publication = etree.SubElement(file_desc, f"{T}publicationStmt")
    publisher = _text(first, f"{T}teiHeader/{T}fileDesc/{T}publicationStmt/{T}publisher") if first is not None else ""
    etree.SubElement(publication, f"{T}publisher").text = publisher or config.base_url
    etree.SubElement(publication, f"{T}idno", type="URI").text = config.base_url + "corpus"
    etree.SubElement(etree.SubElement(publication, f"{T}availability"), f"{T}licence").text = licence
    etree.SubElement(publication, f"{T}date", when=today.isoformat()).text = today.isoformat()
    etree.SubElement(etree.SubElement(file_desc, f"{T}sourceDesc"), f"{T}p").text = (
        "Born digital: the documents of the edition, each with its own header and sources."
        + (f" First: {title_text}." if title_text else ""))
    for key, tree in docs:
        corpus_root.append(prefixed(tree, key))
    return etree.ElementTree(corpus_root)


# ------------------------------------------------------------------ catalogue records

def _text(root: etree._Element, path: str) -> str:
    el = root.find(path)
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def dublin_core(tree: etree._ElementTree, key: str, config: ExchangeConfig, licence: str) -> etree._Element:
    """An oai_dc record: title, creator (the authors, else the participants), date, language, rights, identifier."""
    root = tree.getroot()
    header = root.find(f"{T}teiHeader")
    record = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    record.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(name: str, text: str) -> None:
        if text:
            etree.SubElement(record, f"{{{DC}}}{name}").text = text

    dc("title", _text(header, f"{T}fileDesc/{T}titleStmt/{T}title[@type='main']"))
    people = header.findall(f".//{T}particDesc//{T}person")
    authors = [p for p in people if "author" in (p.get("role") or "").split()] or people
    for person in authors:
        dc("creator", _text(person, f"{T}persName"))
    dates = [d for d in (header.find(f".//{T}settingDesc//{T}date"), header.find(f".//{T}creation/{T}date"))
             if d is not None]
    dc("date", (dates[0].get("when") or dates[0].get("from") or "") if dates else "")
    for language in header.findall(f".//{T}langUsage/{T}language"):
        dc("language", language.get("ident") or "")
    dc("type", "Text")
    dc("format", "application/tei+xml")
    dc("identifier", config.base_url + key)
    dc("publisher", _text(header, f"{T}fileDesc/{T}publicationStmt/{T}publisher"))
    dc("rights", licence)
    for bibl in header.findall(f".//{T}sourceDesc/{T}bibl"):
        dc("source", " ".join("".join(bibl.itertext()).split())[:500])
    return record


def static_repository(docs: list[tuple[str, etree._ElementTree]], config: ExchangeConfig, licence: str,
                      today: dt.date, admin_email: str = PLACEHOLDER_EMAIL) -> etree._ElementTree:
    """A static OAI-PMH repository (the OAI's Static Repository format): harvestable through any gateway.

    Its baseURL is the file's own URL: the guidelines want the gateway's URL in front of it, which is known only
    once a gateway has agreed to intermediate (docs/exchange.md)."""
    repo = etree.Element(f"{{{STATIC}}}Repository", nsmap={None: STATIC, "oai": OAI, "xsi": XSI})
    repo.set(f"{{{XSI}}}schemaLocation", f"{STATIC} http://www.openarchives.org/OAI/2.0/static-repository.xsd")
    identify = etree.SubElement(repo, f"{{{STATIC}}}Identify")
    for name, text in (("repositoryName", config.base_url), ("baseURL", config.base_url + "oai.xml"),
                       ("protocolVersion", "2.0"), ("adminEmail", admin_email),
                       ("earliestDatestamp", today.isoformat()), ("deletedRecord", "no"),
                       ("granularity", "YYYY-MM-DD")):
        etree.SubElement(identify, f"{{{OAI}}}{name}").text = text
    formats = etree.SubElement(repo, f"{{{STATIC}}}ListMetadataFormats")
    fmt = etree.SubElement(formats, f"{{{OAI}}}metadataFormat")
    for name, text in (("metadataPrefix", "oai_dc"), ("schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
                       ("metadataNamespace", OAI_DC)):
        etree.SubElement(fmt, f"{{{OAI}}}{name}").text = text
    records = etree.SubElement(repo, f"{{{STATIC}}}ListRecords", metadataPrefix="oai_dc")
    for key, tree in docs:
        record = etree.SubElement(records, f"{{{OAI}}}record")
        head = etree.SubElement(record, f"{{{OAI}}}header")
        etree.SubElement(head, f"{{{OAI}}}identifier").text = config.base_url + key
        etree.SubElement(head, f"{{{OAI}}}datestamp").text = today.isoformat()
        etree.SubElement(record, f"{{{OAI}}}metadata").append(dublin_core(tree, key, config, licence))
    return etree.ElementTree(repo)


# ------------------------------------------------------------------ checking the catalogue records

@functools.lru_cache(maxsize=1)
def oai_schemas():
    """(static repository, oai_dc) as xmlschema validators, from the vendored copies only.

    The repository's schema is built with oai_dc beside it because OAI-PMH.xsd checks a record's metadata
    strictly (``processContents="strict"``): without the oai_dc declarations every record would be an error.
    ``allow="sandbox"`` keeps every import inside the folder: no network, whatever the files say."""
    import xmlschema

    folder = str(OAI_SCHEMAS.resolve())
    repository = xmlschema.XMLSchema10("static-repository.xsd", base_url=folder, allow="sandbox",
                                       locations=[(OAI_DC, "oai_dc.xsd")])
    return repository, xmlschema.XMLSchema10("oai_dc.xsd", base_url=folder, allow="sandbox")


def check_catalogue(path: Path, root: Path | None = None) -> list[Diagnostic]:
    """``export.invalid-catalogue`` for each way the file (oai.xml or a dc/ record) breaks its official schema,
    or, for oai.xml, a Static Repository rule the schema cannot say (day datestamps, one metadataPrefix)."""
    tree = parse_xml(path)
    repository, oai_dc = oai_schemas()
    is_repository = etree.QName(tree.getroot()).localname == "Repository"
    schema = repository if is_repository else oai_dc
    shown = str(path.relative_to(root)) if root is not None and path.is_relative_to(root) else str(path)
    found = [Diagnostic("export.invalid-catalogue", "error", f"not valid against the vendored "
                        f"{'OAI static repository' if is_repository else 'oai_dc'} schema: {error.reason}"
                        + (f" ({error.path})" if error.path else ""), shown, getattr(error.elem, "sourceline", None))
             for error in schema.iter_errors(tree, use_location_hints=False)]
    if is_repository:
        found += [Diagnostic("export.invalid-catalogue", "error", message, shown, line)
                  for message, line in static_repository_rules(tree)]
    return found


def static_repository_rules(tree: etree._ElementTree) -> list[tuple[str, int | None]]:
    """The Static Repository conformance rules (guidelines-static-repository, 3.2) that its schema leaves open:
    every datestamp (and earliestDatestamp) a day, as the granularity says; each ListRecords' metadataPrefix one
    that ListMetadataFormats declares."""
    root = tree.getroot()
    problems = []
    for stamp in root.iter(f"{{{OAI}}}datestamp", f"{{{OAI}}}earliestDatestamp"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", (stamp.text or "").strip()):
            problems.append((f"{etree.QName(stamp).localname} {stamp.text!r} is not a day (YYYY-MM-DD), the only "
                             "granularity of a static repository", stamp.sourceline))
    declared = {(p.text or "").strip() for p in root.iter(f"{{{OAI}}}metadataPrefix")}
    for records in root.iter(f"{{{STATIC}}}ListRecords"):
        if records.get("metadataPrefix") not in declared:
            problems.append((f"ListRecords' metadataPrefix {records.get('metadataPrefix')!r} is not one that "
                             f"ListMetadataFormats declares ({', '.join(sorted(declared))})", records.sourceline))
    return problems
