"""A small wrapper around SaxonC-HE (``saxonche``) for the publishing layer.

* One Saxon processor per process; each stylesheet is compiled once per
  process (:func:`load`) and reused.
* Parameters are passed typed: ``str`` -> ``xs:string``, ``bool`` ->
  ``xs:boolean``, ``int`` -> ``xs:integer``, ``float`` -> ``xs:double``,
  :class:`~pathlib.Path` -> ``xs:string``, a list/tuple of those -> a sequence.
* Every failure (unreadable stylesheet, static error, malformed source,
  dynamic error, ``xsl:message terminate="yes"``) is raised as
  :class:`PublishError`, carrying the file concerned and Saxon's own message.
  SaxonC prints diagnostics (with line numbers) straight to file descriptor 2;
  they are captured and put into the exception instead of leaking to the
  terminal.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import Diagnostic, EditionError
from ..outputs import make_readable, output_error

WRITE_FAILURES = {"No space left on device": "the disk is full", "Disk quota exceeded": "the disk quota is exceeded",
                  "Read-only file system": "the file system is read-only", "Permission denied": "permission denied"}


def _write_failure(detail: str) -> str | None:
    """Why Saxon could not write its result, when that is what failed (a full disk, not the stylesheet)."""
    detail = " ".join(detail.split())  # Saxon wraps its message: "Caused by java.io.IOException: No\n  space left"
    if "Failure writing to file" not in detail and "java.io.IOException" not in detail:
        return None
    return next((reason for cause, reason in WRITE_FAILURES.items() if cause in detail), "the file cannot be written")

log = logging.getLogger(__name__)

ParamValue = str | bool | int | float | Path | list | tuple


class PublishError(EditionError):
    """Publishing failed; ``str(error)`` is a one-line-per-fact message for users.

    Attributes: ``message`` (what failed), ``file`` (the stylesheet or source
    concerned, if known) and ``saxon_message`` (Saxon's diagnostics, if any).
    """

    def __init__(self, message: str, *, file: str | os.PathLike | None = None,
                 saxon_message: str | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.saxon_message = (saxon_message or "").strip() or None
        text = message if not self.saxon_message else f"{message}\n{_indent(self.saxon_message)}"
        super().__init__(Diagnostic(code="publish.failed", severity="error", message=text, file=self.file))


def _indent(text: str) -> str:
    return "\n".join("    " + line.rstrip() for line in text.strip().splitlines() if line.strip())


_lock = threading.RLock()
_processor = None


def processor():
    """The process-wide Saxon processor (created on first use)."""
    global _processor
    with _lock:
        if _processor is None:
            try:
                from saxonche import PySaxonProcessor
            except ImportError as exc:  # pragma: no cover - a broken install
                raise PublishError(f"saxonche is not installed: {exc}") from None
            _processor = PySaxonProcessor(license=False)
        return _processor


@contextmanager
def captured_stderr() -> Iterator[list[str]]:
    """Capture what native code writes to fd 2 (SaxonC's diagnostics) into the yielded list."""
    out: list[str] = []
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no usable fd 2: nothing to capture
        yield out
        return
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield out
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            out.append(tmp.read().decode("utf-8", errors="replace"))


def _saxon_error_text(exc: Exception, captured: list[str]) -> str:
    """Saxon's diagnostics: the captured report (with line numbers), else the exception text."""
    report = "".join(captured).strip()
    # SaxonC sometimes adds a Python-side warning line about keyword arguments: not useful to users.
    lines = [line for line in report.splitlines() if not line.startswith("Warning: Warning:")]
    report = "\n".join(lines).strip()
    return report or str(exc).strip()


class Stylesheet:
    """A compiled XSLT 3.0 stylesheet. Use :func:`load` to get a cached instance."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path).resolve()
        if not self.path.is_file():
            raise PublishError("stylesheet not found", file=self.path)
        from saxonche import PySaxonApiError

        with _lock:
            xslt = processor().new_xslt30_processor()
            with captured_stderr() as captured:
                try:
                    self._executable = xslt.compile_stylesheet(stylesheet_file=str(self.path))
                    error = None
                except PySaxonApiError as exc:
                    error = exc
            if error is not None or self._executable is None:
                raise PublishError("the stylesheet does not compile", file=self.path,
                                   saxon_message=_saxon_error_text(error or Exception(""), captured))
            if "".join(captured).strip():
                log.warning("%s: %s", self.path, "".join(captured).strip())

    def _value(self, name: str, value: ParamValue):
        proc = processor()
        if isinstance(value, bool):
            return proc.make_boolean_value(value)
        if isinstance(value, int):
            return proc.make_integer_value(value)
        if isinstance(value, float):
            return proc.make_double_value(value)
        if isinstance(value, (str, Path)):
            return proc.make_string_value(str(value))
        if isinstance(value, (list, tuple)):
            seq = proc.empty_sequence()
            for item in value:
                if isinstance(item, (list, tuple)):
                    raise PublishError(f"parameter {name!r}: nested sequences are not supported", file=self.path)
                seq.add_xdm_item(self._value(name, item))
            return seq
        raise PublishError(f"parameter {name!r}: unsupported value type {type(value).__name__}", file=self.path)

    def _run(self, *, source: Path | None, xml_text: str | None, output: Path,
             params: Mapping[str, ParamValue] | None) -> None:
        from saxonche import PySaxonApiError

        what = source if source is not None else self.path
        with _lock:
            exe = self._executable
            exe.clear_parameters()
            exe.set_save_xsl_message(True)
            try:
                exe.clear_xsl_messages()
            except Exception:  # pragma: no cover - older saxonche
                pass
            # SaxonC does not own the values it is given: a sequence freed by Python's garbage
            # collector before the transformation crashes the process. Keep them until the end.
            held = []
            for name, value in (params or {}).items():
                if value is None:
                    continue
                held.append(self._value(name, value))
                exe.set_parameter(name, held[-1])
            with captured_stderr() as captured:
                try:
                    if source is not None:
                        exe.transform_to_file(source_file=str(source), output_file=str(output))
                    else:
                        node = processor().parse_xml(xml_text=xml_text, encoding="UTF-8")
                        exe.transform_to_file(xdm_node=node, output_file=str(output))
                    error = None
                except PySaxonApiError as exc:
                    error = exc
            messages = self._messages()
            if error is not None:
                detail = _saxon_error_text(error, captured)
                reason = _write_failure(detail)
                if reason:  # not the stylesheet's fault: say so, without Saxon's stack
                    raise EditionError(Diagnostic("output.unwritable", "error", f"cannot write here: {reason}",
                                                  str(Path(output).parent)))
                if messages:
                    detail = "\n".join(messages + [detail])
                raise PublishError(f"transformation with {self.path.name} failed", file=what,
                                   saxon_message=detail)
            for message in messages:
                log.info("%s: %s", what, message)

    def _messages(self) -> list[str]:
        try:
            value = self._executable.get_xsl_messages()
        except Exception:  # pragma: no cover
            return []
        if value is None:
            return []
        return [str(value.item_at(i)).strip() for i in range(value.size)]

    def transform(self, source: str | os.PathLike | None = None, output: str | os.PathLike | None = None, *,
                  xml_text: str | None = None, params: Mapping[str, ParamValue] | None = None) -> str:
        """Transform ``source`` (a file) or ``xml_text`` (an XML string) with typed ``params``.

        With ``output``, the result is written atomically to that file (temporary file
        in the same directory, then ``os.replace``); the result is returned as text
        in any case.
        """
        if (source is None) == (xml_text is None):
            raise TypeError("give exactly one of source and xml_text")
        src = Path(source).resolve() if source is not None else None
        if src is not None and not src.is_file():
            raise PublishError("source file not found", file=src)
        target_dir = Path(output).resolve().parent if output is not None else None
        if target_dir is not None:
            target_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=".xslt-", suffix=".tmp", dir=target_dir)
        except OSError as exc:
            raise output_error(target_dir or Path(tempfile.gettempdir()), exc) from None
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            self._run(source=src, xml_text=xml_text, output=tmp, params=params)
            text = tmp.read_text(encoding="utf-8")
            if output is not None:
                make_readable(tmp)
                os.replace(tmp, output)
            return text
        except OSError as exc:
            raise output_error(Path(output) if output is not None else tmp, exc) from None
        finally:
            tmp.unlink(missing_ok=True)


_cache: dict[Path, Stylesheet] = {}


def load(path: str | os.PathLike) -> Stylesheet:
    """The compiled stylesheet at ``path``, compiled on first use and cached for the process."""
    key = Path(path).resolve()
    with _lock:
        sheet = _cache.get(key)
        if sheet is None:
            sheet = _cache[key] = Stylesheet(key)
        return sheet


def transform(stylesheet: str | os.PathLike, source: str | os.PathLike | None = None,
              output: str | os.PathLike | None = None, *, xml_text: str | None = None,
              params: Mapping[str, ParamValue] | None = None) -> str:
    """Shortcut: ``load(stylesheet).transform(...)``."""
    return load(stylesheet).transform(source, output, xml_text=xml_text, params=params)
