"""Finding the official TEI schema (tei_all.rng), and fetching it once when the machine is online.

The project does not ship TEI's files. They are looked for at the path given on the command
line, in $EDITION_TEI_SCHEMA, then in the user cache (``$EDITION_CACHE_DIR`` or
``$XDG_CACHE_HOME/edition`` or ``~/.cache/edition``, file ``tei-p5/tei_all.rng``). When a
command needs them and they are nowhere, :func:`obtain_schema` downloads them from the TEI
Consortium (a clear message first, a timeout, a check that the file is a RELAX NG grammar
defining TEI, an atomic write into the cache). Offline -- or with EDITION_OFFLINE=1 -- it
says exactly how to get them. The download function is a parameter, so tests never touch
the network.
"""

from __future__ import annotations

import os
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, EditionError

TEI_ALL_URL = "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
TIMEOUT = 30.0
Fetcher = Callable[[str, float], bytes]


def cache_dir() -> Path:
    """The user cache of the project (TEI's schema lives in its tei-p5/)."""
    if os.environ.get("EDITION_CACHE_DIR"):
        return Path(os.environ["EDITION_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "edition"


def cached_schema() -> Path:
    return cache_dir() / "tei-p5" / "tei_all.rng"


def schema_help() -> str:
    return (f"the official TEI schema tei_all.rng was not found. Download it from {TEI_ALL_URL} and pass it with "
            f"--tei-schema PATH, set EDITION_TEI_SCHEMA=PATH, or put it at {cached_schema()} "
            f"(e.g. curl -fLo {cached_schema()} --create-dirs {TEI_ALL_URL})")


def find_schema(explicit: Path | None = None) -> Path | None:
    """tei_all.rng from --tei-schema, $EDITION_TEI_SCHEMA or the user cache; None when nowhere."""
    if explicit is not None:
        if not Path(explicit).is_file():
            raise EditionError(Diagnostic("tei.schema-missing", "error", f"no TEI schema at {explicit}",
                                          str(explicit)))
        return Path(explicit)
    for candidate in (os.environ.get("EDITION_TEI_SCHEMA"), cached_schema()):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _download(url: str, timeout: float) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - a fixed https URL
        return response.read()


def _looks_like_tei_all(data: bytes) -> bool:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError:
        return False
    return root.tag == f"{{{RNG_NS}}}grammar" and root.find(f"{{{RNG_NS}}}define[@name='TEI']") is not None


def fetch_schema(dest: Path | None = None, fetcher: Fetcher | None = None, url: str = TEI_ALL_URL,
                 timeout: float = TIMEOUT) -> Path:
    """Download tei_all.rng into the cache atomically; raise EditionError when it cannot be had."""
    dest = dest or cached_schema()
    try:
        data = (fetcher or _download)(url, timeout)
    except Exception as exc:  # any network failure: say how to get it by hand
        raise EditionError(Diagnostic("tei.schema-missing", "error",
                                      f"could not download {url} ({exc}); {schema_help()}")) from None
    if not _looks_like_tei_all(data):
        raise EditionError(Diagnostic("tei.schema-missing", "error",
                                      f"{url} did not return a RELAX NG schema defining TEI; {schema_help()}"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tei_all-", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def obtain_schema(explicit: Path | None = None, allow_fetch: bool = True, fetcher: Fetcher | None = None,
                  notify: Callable[[str], None] | None = None) -> Path:
    """tei_all.rng, found or fetched; raises EditionError (with instructions) when it cannot be had."""
    found = find_schema(explicit)
    if found is not None:
        return found
    if not allow_fetch or os.environ.get("EDITION_OFFLINE"):
        raise EditionError(Diagnostic("tei.schema-missing", "error", schema_help()))
    if notify:
        notify(f"note: fetching the official TEI schema from {TEI_ALL_URL} into {cached_schema()} "
               f"(once; timeout {TIMEOUT:.0f} s)")
    return fetch_schema(fetcher=fetcher)
