"""Finding and fetching tei_all.rng: configured path, environment, user cache, a download that is
announced, bounded, checked and atomic -- and never a real network access in tests."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.errors import EditionError
from edition.validation import teischema
from edition.validation.teischema import TEI_ALL_URL, cached_schema, fetch_schema, find_schema, obtain_schema

from .conftest import ROOT

HAC = ROOT.parent / "shared" / "exchange-samples" / "hac-1958.xml"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("EDITION_TEI_SCHEMA", raising=False)
    monkeypatch.delenv("EDITION_OFFLINE", raising=False)
    monkeypatch.setattr("urllib.request.urlopen", _no_network)


def _no_network(*args, **kwargs):
    raise AssertionError("a test tried to open a network connection")


class Fake:
    """A stand-in for the download: returns ``data`` (or raises ``error``) and records the calls."""

    def __init__(self, data: bytes = b"", error: Exception | None = None):
        self.data, self.error, self.calls = data, error, []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.calls.append((url, timeout))
        if self.error:
            raise self.error
        return self.data


def test_lookup_order_explicit_then_environment_then_cache(tmp_path, monkeypatch, tei_all):
    assert find_schema() is None
    cached = cached_schema()
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"<grammar/>")
    assert find_schema() == cached
    monkeypatch.setenv("EDITION_TEI_SCHEMA", str(tei_all))
    assert find_schema() == tei_all
    other = tmp_path / "other.rng"
    other.write_bytes(b"<grammar/>")
    assert find_schema(other) == other
    with pytest.raises(EditionError, match="no TEI schema at"):
        find_schema(tmp_path / "missing.rng")


def test_a_download_is_announced_checked_and_written_atomically(tei_all):
    fake, notes = Fake(tei_all.read_bytes()), []
    path = obtain_schema(fetcher=fake, notify=notes.append)
    assert path == cached_schema() and path.read_bytes() == tei_all.read_bytes()
    assert fake.calls == [(TEI_ALL_URL, teischema.TIMEOUT)]
    assert TEI_ALL_URL in notes[0] and str(cached_schema()) in notes[0]
    assert [p.name for p in path.parent.iterdir()] == ["tei_all.rng"]  # no temporary file left
    assert obtain_schema(fetcher=Fake(error=AssertionError("fetched twice"))) == path  # cached now


@pytest.mark.parametrize("fake", [Fake(b"<html>Service unavailable</html>"), Fake(b"not xml at all"),
                                  Fake(error=TimeoutError("timed out")), Fake(error=OSError("no route to host"))])
def test_a_failed_download_says_how_to_get_the_schema_and_writes_nothing(fake):
    with pytest.raises(EditionError) as raised:
        fetch_schema(fetcher=fake)
    message = raised.value.diagnostic.message
    assert "tei_all.rng" in message and TEI_ALL_URL in message and "--tei-schema" in message
    assert not cached_schema().exists()
    assert not cached_schema().parent.exists() or not any(cached_schema().parent.iterdir())


def test_offline_never_downloads(monkeypatch):
    monkeypatch.setenv("EDITION_OFFLINE", "1")
    with pytest.raises(EditionError, match="was not found"):
        obtain_schema(fetcher=Fake(error=AssertionError("downloaded while offline")))
    with pytest.raises(EditionError):
        obtain_schema(allow_fetch=False, fetcher=Fake(error=AssertionError("downloaded with allow_fetch=False")))


def test_the_command_fetches_when_it_needs_tei_all(monkeypatch, tei_all):
    fake = Fake(tei_all.read_bytes())
    monkeypatch.setattr(teischema, "_download", fake)
    refused = CliRunner().invoke(main, ["validate", str(HAC)])  # never without being asked
    assert refused.exit_code == 2 and not fake.calls and "tei.schema-missing" in refused.output
    result = CliRunner().invoke(main, ["validate", "--fetch", str(HAC)])
    assert "info: fetching the official TEI schema from" in result.output and "[tei.fetching]" in result.output
    assert result.exit_code == 1 and ("[tei.content]" in result.output or "[tei.element]" in result.output)
    assert len(fake.calls) == 1 and cached_schema().is_file()
