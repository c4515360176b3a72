"""The per-document work of a build (read a transcript; encode, validate, publish a conversation), here or
in a bounded pool of worker processes.

Why processes: the stages are Python and XSLT, bound by one core each (the GIL, one Saxon processor per
process). Why only when there is enough work: a worker starts a Python and compiles the stylesheets and the
Schematron once; below ``MIN_TASKS`` tasks this costs more than it saves (measured: docs/development.md,
Benchmarks). Workers are started with ``spawn`` — a fresh interpreter, nothing inherited of the parent's Saxon
or its threads — and each builds its project (registers, entity index, tagger, aligner) once, in its
initializer. Tasks and results are plain picklable values (model objects, paths, diagnostics); results come
back in the order of the tasks, whatever order the workers finish in, so a parallel build is byte for byte a
serial one. A worker's log records (xsl:message, library warnings) are sent back with its result and logged
again in the parent, where the Reporter shows them; its errors come back as the parent's ``EditionError``.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostic, EditionError

# Fewer tasks than this are done here: starting the workers (a Python each, the registers, the entity index,
# pymorphy's dictionaries, Saxon and the stylesheets: about 1.5 s each, in parallel) would cost more than they
# save. Measured on the seeds (5 conversations, about 0.4 s of work each): 2.1-2.7 s here, 4.3-5.1 s with two
# workers; a conversation of the synthetic corpus costs about 0.2 s in all, so the pool pays from about 15.
MIN_TASKS = 16
# From this many conversations the contents and names pages are made in a worker, beside the search index (at
# 1,000 the two pages take 3-5 s; a worker about 1.5 s to start).
LISTING_IN_POOL = 400

log = logging.getLogger(__name__)


@dataclass
class Failed:
    """An EditionError in a worker, sent back as data (its exception does not pickle as itself)."""

    diagnostic: Diagnostic
    exit_code: int


class State:
    """What one process needs for the tasks, made once: the pipeline of its project, the TEI writer and stages
    (on first use), the validation options and the HTML builder (set by the build, the same in every process)."""

    def __init__(self, pipeline):
        self.pipeline = pipeline
        self._writer = None
        self._stages = None
        self.options = None
        self.html = None

    @property
    def writer(self):
        if self._writer is None:
            from .writers.tei import TeiWriter

            self._writer = TeiWriter(self.pipeline.project.meta, self.pipeline.registers)
        return self._writer

    @property
    def stages(self):
        if self._stages is None:
            self._stages = self.pipeline.stages()
        return self._stages


_state: State | None = None  # a worker's


def _initialise(project, level: int) -> None:
    global _state
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    logging.getLogger().setLevel(level)
    from .pipeline import Pipeline

    _state = State(Pipeline(project))


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _delivered(value: Any, records: list) -> Any:
    """A task's result as this process takes it: its log records logged here, in order; its failure raised as the
    EditionError it was in the worker."""
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    if isinstance(value, Failed):
        error = EditionError(value.diagnostic)
        error.exit_code = value.exit_code
        raise error
    return value


def _call(task: Callable, item: Any, state: State | None = None) -> tuple[Any, list[tuple[str, int, str]]]:
    """Run a task (in a worker, or here in a pooled batch): its result (or its EditionError as data) and the
    log records it gave, held back (the root logger's handlers set aside meanwhile) to be logged in the
    task's turn."""
    handler = _Collect()
    root = logging.getLogger()
    handlers, root.handlers = root.handlers, [handler]
    try:
        try:
            value = task(state or _state, item)
        except EditionError as exc:
            value = Failed(exc.diagnostic, exc.exit_code)
    finally:
        root.handlers = handlers
    return value, handler.records


class Workers:
    """Runs tasks for one build in ``jobs`` processes: this one and a pool of ``jobs - 1`` workers, when a batch
    has at least ``MIN_TASKS`` tasks, else in this process alone. The workers take the tasks from the front,
    this process (whose registers, stages and stylesheets are ready) from the back, until they meet (the pool
    holds one task more than it has workers queued, which this process cannot take back: for a few long tasks,
    :meth:`each_when_free`). The pool is started on first need and lasts the build (``with``)."""

    def __init__(self, pipeline, jobs: int | None = None, min_tasks: int | None = None):
        self.pipeline = pipeline
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.min_tasks = MIN_TASKS if min_tasks is None else min_tasks
        self.local = State(pipeline)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._configured: dict[str, Any] = {}
        self.used_pool = False

    def configure(self, **values: Any) -> None:
        """Set the same attributes (validation options, builders) on every process's state."""
        for name, value in values.items():
            setattr(self.local, name, value)
        self._configured.update(values)

    def map(self, task: Callable[[State, Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``task(state, item)`` for each item, results in the items' order."""
        items = list(items)
        if self.jobs < 2 or len(items) < self.min_tasks:
            for item in items:
                yield task(self.local, item)
            return
        pool = self._start()
        calls = [pool.submit(_configured_call, self._configured, task, item) for item in items]
        here: dict[int, Any] = {}
        for i in range(len(items) - 1, -1, -1):  # those no worker has taken yet, from the last
            if not calls[i].cancel():
                break
            here[i] = _call(task, items[i], self.local)  # its error and log records in its turn, as in a serial run
            time.sleep(0)  # the GIL to the pool's threads, which feed the workers (Saxon holds it while it runs)
        for i, future in enumerate(calls):
            yield _delivered(*(here[i] if i in here else future.result()))

    def each_when_free(self, task: Callable[[State, Any], Any], items: Iterable[Any]) -> list[Any]:
        """``task(state, item)`` for a few long tasks (minutes each: worth a worker's start even for two), results
        in the items' order: each process takes the next item as soon as it is free, so that items given
        longest first are shared as "longest processing time first" shares them. Not :meth:`map`: the pool
        queues a task more than it has workers, which could not be taken back, so that of four volumes the
        worker set three and this process one."""
        items = list(items)
        if self.jobs < 2 or len(items) < 2:
            return [task(self.local, item) for item in items]
        pool, lock, done = self._start(), threading.Lock(), {}
        waiting = list(range(len(items)))

        def next_item() -> int | None:
            with lock:
                return waiting.pop(0) if waiting else None

        def feed() -> None:  # one thread per worker: hands it the next item when it has finished the last
            while (i := next_item()) is not None:
                done[i] = pool.submit(_configured_call, self._configured, task, items[i]).result()

        feeders = [threading.Thread(target=feed, daemon=True) for _ in range(self.jobs - 1)]
        for feeder in feeders:
            feeder.start()
        while (i := next_item()) is not None:
            done[i] = _call(task, items[i], self.local)
        for feeder in feeders:
            feeder.join()
        return [_delivered(*done[i]) for i in range(len(items))]

    def submit(self, task: Callable[[State, Any], Any], item: Any, pooled: bool = True) -> "Later":
        """``task(state, item)`` in a worker while this process goes on, when there are two jobs or more and
        ``pooled`` (the task is long enough to pay for starting a pool), else here when its result is asked for
        (``.result()``: the value, or the task's EditionError raised)."""
        if self.jobs < 2 or not pooled:
            return Later(lambda: task(self.local, item))
        future = self._start().submit(_configured_call, self._configured, task, item)
        return Later(lambda: _delivered(*future.result()))

    def _start(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            project = dataclasses.replace(self.pipeline.project)  # without its loaded registers: each worker loads
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.jobs - 1, mp_context=multiprocessing.get_context("spawn"), initializer=_initialise,
                initargs=(project, logging.getLogger().getEffectiveLevel()))
            self.used_pool = True
        return self._pool

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if kind is None:
            pool.shutdown(wait=True)
            return
        # interrupted or failed: stop at once; the workers write only into the staging folder, which the caller
        # removes after this (so they must be gone first)
        processes = list((getattr(pool, "_processes", None) or {}).values())  # (no public way before Python 3.14)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)


class Later:
    """A task's result, asked for when needed (``Workers.submit``)."""

    def __init__(self, compute: Callable[[], Any]):
        self._compute = compute
        self._done = False
        self._value = None

    def result(self) -> Any:
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value


def _configured_call(configured: dict, task: Callable, item: Any):
    for name, value in configured.items():
        setattr(_state, name, value)
    return _call(task, item)


# ------------------------------------------------------------------ the tasks (module-level: picklable)

def read_task(state: State, path: Path):
    """One transcript read: its FileResult (a transcript that cannot be read is one too, failed)."""
    return state.pipeline.read_one(path)


@dataclass
class Encoded:
    """A conversation's TEI file written: its hash, its date and title (for the pages), its stages' diagnostics."""

    digest: str
    when: str
    title: str
    diagnostics: list[Diagnostic]


def encode_task(state: State, item: tuple) -> Encoded:
    """One conversation: TEI writer, entity tagger, aligner, the schema's xml-model, serialised into ``path``."""
    from .incremental import digest
    from .outputs import write_atomic
    from .pipeline import encode
    from .publish.builders import conversation_of
    from .writers.tei import serialise

    conversation, path, schema_href = item
    tree, diagnostics = encode(conversation, state.writer, state.stages, schema_href)
    data = serialise(tree)
    write_atomic(path, data)
    info = conversation_of(tree.getroot(), path)
    return Encoded(digest(data), info.when, info.title, diagnostics)


def validate_task(state: State, path: Path):
    """One TEI file validated (the project's schema and rules, tei_all when asked): a finished report."""
    from .incremental import portable
    from .validation import finish, validate_file

    return portable(finish(validate_file(path, state.options)))


def page_task(state: State, job) -> Path:
    """One page of the web edition."""
    from .publish.builders import get_builder

    if state.html is None:
        state.html = get_builder("html")
    return state.html.page(job)


def search_units_task(state: State, item: tuple[Path, Path, str]) -> list:
    """One page's versions as the search index sees them (``search.page_versions``): (page, TEI file, href)."""
    from .publish.search import page_versions

    page, tei, href = item
    return page_versions(page, tei, href)


def listing_task(state: State, item: tuple) -> list[Path]:
    """The contents page and the index of names from the extracts (edition/listing.py): (entries, folder,
    parameters). Made in a worker, when the edition is large, while this process makes the search index."""
    from .listing import make_pages
    from .publish.builders import get_builder

    if state.html is None:
        state.html = get_builder("html")
    entries, out, params = item
    return make_pages(state.html, entries, out, params)


def pdf_task(state: State, item: tuple) -> Path:
    """One volume of the printed edition: (its TEI files, its folder, the edition's parameters, the print
    layout, the facing translations). Volumes take minutes each: two are set at once, one in a worker."""
    from .publish.pdf import PdfBuilder

    paths, out, params, layout, facing = item
    return PdfBuilder(layout=layout, facing=facing).build(paths, out, params)


def extract_task(state: State, item: tuple[Path, Path]) -> Path:
    """One TEI file's extract for the contents and the index of names (edition/listing.py): (TEI, extract)."""
    from .listing import make_extract

    tei, output = item
    return make_extract(tei, output)
