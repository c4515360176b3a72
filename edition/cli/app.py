"""What every command shares: its options (--project, --format, --quiet, --verbose), the project it works on,
the pipeline, and one way to end (exit code, JSON document).

Exit codes (all commands):
  0  success
  1  the input was read but is invalid, or a step failed (messages say where)
  2  usage error (unknown option, missing argument)
  3  an input file cannot be read at all (missing, empty, binary, undecodable)
"""

from __future__ import annotations

import contextlib
import functools
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click

from ..errors import Diagnostic, EditionError
from ..pipeline import Pipeline
from ..project import Project
from .reporter import Reporter


@dataclass
class App:
    """One command's run: the reporter, and the project found from --project or the working directory."""

    reporter: Reporter
    project_dir: Path | None
    fmt: str = "text"  # as asked: text, json, or a command's own (csv, table)

    @functools.cached_property
    def project(self) -> Project:
        return Project.find(self.project_dir)

    def project_or_standalone(self) -> Project:
        """The project; outside any, a stand-alone one (no registers), with a warning saying what that means."""
        if self.project_dir is not None:
            return self.project
        found = Project.find_optional()
        if found is None:
            self.reporter.diagnostic(Diagnostic(
                "project.none", "warning", "no edition.toml here or above: converting without registers (every "
                "name kept as written, output in ./build); start an edition with 'edition init DIR'", str(Path.cwd())))
            found = Project.standalone_in(Path.cwd())
        self.__dict__["project"] = found
        return found

    def optional_project(self) -> Project | None:
        """For commands that read only TEI: the project when there is one around."""
        return Project.find(self.project_dir) if self.project_dir else Project.find_optional()

    def pipeline(self, progress=None, project: Project | None = None) -> Pipeline:
        return Pipeline(project or self.project, self.reporter.diagnostic, progress)

    def fail(self, exc: EditionError) -> NoReturn:
        self.reporter.diagnostic(exc.diagnostic)
        self.reporter.finish(exc.exit_code)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def command(group: click.Group, name: str | None = None, formats: tuple[str, ...] = ("text", "json")):
    """Register a command with the options every command has; it receives ``app`` first. An EditionError it
    raises ends it with its diagnostic and exit code; its return value is the exit code."""

    def decorate(function: Callable) -> click.Command:
        @functools.wraps(function)
        def run(project_dir: Path | None, fmt: str, quiet: bool, verbose: int, **kwargs) -> None:
            reporter = Reporter("json" if fmt == "json" else "text", 0 if quiet else 1 + min(verbose, 1))
            app = App(reporter, project_dir, fmt)
            with contextlib.suppress(ValueError):  # (only the main thread may set it)
                signal.signal(signal.SIGTERM, _interrupt)  # a kill cleans up as Ctrl-C does: the last build stays
            with reporter.capturing_logs():
                try:
                    code = function(app, **kwargs)
                except EditionError as exc:
                    app.fail(exc)
                except KeyboardInterrupt:
                    reporter.diagnostic(Diagnostic("run.interrupted", "error", "interrupted; outputs are as they were "
                                                   "before this run, or complete"))
                    reporter.finish(130)
                except Exception as exc:  # a bug of ours: say so plainly, the traceback only when asked
                    if verbose:
                        raise
                    reporter.diagnostic(Diagnostic("internal.error", "error",
                                                   f"internal error ({type(exc).__name__}: {exc}); run again with -v "
                                                   "for the traceback and report it"))
                    reporter.finish(1)
            reporter.finish(code or 0)

        run = click.option("--project", "project_dir", type=click.Path(path_type=Path),
                           help="The edition's folder (or its edition.toml) [default: found by walking up from "
                                "the working directory].")(run)
        run = click.option("--format", "fmt", type=click.Choice(formats), default=formats[0], show_default=True,
                           help="Output: text for people, json for programs (one document on stdout).")(run)
        run = click.option("-q", "--quiet", is_flag=True, help="Only errors.")(run)
        run = click.option("-v", "--verbose", count=True, help="Also notes and each step.")(run)
        return group.command(name)(run)

    return decorate
