"""Writing outputs so that nothing is half-written, unreadable or lost.

Why here and not in each writer: every output (TEI, report, HTML, PDF) must obey the same
rules. A file appears whole or not at all (temporary file in the same folder, then rename);
it is readable as the umask says (``mkstemp`` would make it 0600, which a web server cannot
read); a failure names the file and leaves no debris. A build is made in a staging folder
and swapped in at the end, under a lock, so a failed, interrupted or concurrent build leaves
the last good edition as it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import Diagnostic, EditionError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_readable(path: str | os.PathLike) -> None:
    """Give a temporary file (``mkstemp`` makes them 0600) the permissions the umask asks for."""
    os.chmod(path, 0o666 & ~_umask())


def output_error(path: Path, exc: OSError) -> EditionError:
    """An OSError while writing as a located diagnostic an editor can act on."""
    reasons = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
               errno.EACCES: "permission denied", errno.EPERM: "permission denied",
               errno.ENOTDIR: "a part of the path is a file, not a folder",
               errno.EISDIR: "a folder is in the way", errno.EDQUOT: "the disk quota is exceeded"}
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return EditionError(Diagnostic("output.unwritable", "error", f"cannot write here: {reason}", str(path)))


def ensure_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise EditionError(Diagnostic("output.unwritable", "error",
                                      "cannot write here: a file is in the way of this folder", str(path))) from None
    except OSError as exc:
        raise output_error(path, exc) from None
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all, with the umask's permissions."""
    path = Path(path)
    ensure_dir(path.parent)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        make_readable(tmp)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise output_error(path, exc) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def copy_file(source: Path, target: Path) -> None:
    write_atomic(target, Path(source).read_bytes())


def copy_into_staging(source: Path, target: Path) -> None:
    """Copy a file into a staging folder: written in place, since nothing in a staging folder is seen before it is
    complete and published, with the umask's permissions. (A target already there is replaced, never written
    through: it may be a hard link to the last build's file, see :func:`link_into_staging`.)"""
    ensure_dir(Path(target).parent)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        shutil.copyfile(source, target)
    except OSError as exc:
        raise output_error(Path(target), exc) from None


# where a hard link cannot be made, the file is copied (another file system, one that has no links, too many)
_NO_LINK = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES}


def link_into_staging(source: Path | str, target: Path | str, mode: int | None = None,
                      folders: set[str] | None = None) -> None:
    """Put the last build's file ``source`` into the staging folder as ``target`` (an incremental build's reused
    output): a hard link, so that nothing is copied and, when the staging folder replaces the output, removing
    the old part frees no data. The old and the new edition share the file only until the swap, while the
    build holds the lock: every writer of a staging folder replaces files (:func:`write_atomic`, Saxon writes
    new files only), none writes through one. A file whose permissions are not the umask's (``mode``, default:
    as now) is copied instead, so that the new edition's files are as readable as the umask says, and so is one
    where the file system makes no link. ``folders``: those of the staging folder already made (kept up to date)."""
    parent = os.path.dirname(target)
    if folders is None or parent not in folders:
        ensure_dir(Path(parent))
        if folders is not None:
            folders.add(parent)
    wanted = (0o666 & ~_umask()) if mode is None else mode
    try:
        if stat.S_IMODE(os.stat(source).st_mode) == wanted:
            os.link(source, target)
            return
    except FileExistsError:
        os.unlink(target)
        return link_into_staging(source, target, wanted)
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise output_error(Path(target), exc) from None
    copy_into_staging(Path(source), Path(target))


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock: a second build into the same folder is refused, not mixed in."""
    ensure_dir(out_dir)
    lock_path = out_dir / ".edition.lock"
    try:
        handle = open(lock_path, "a+")
    except OSError as exc:
        raise output_error(lock_path, exc) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise EditionError(Diagnostic("output.locked", "error",
                                          "another build is writing into this folder; wait for it to finish",
                                          str(out_dir))) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Staging:
    """A folder beside the output where a build is made; ``publish`` swaps its parts into the output.

    Each part (``tei``, ``html``, ``pdf``, ``schema``) is renamed into place whole; the old part is
    removed only after the new one is in place. Outputs that are not parts of this build are left
    alone; a part's stale files disappear with the old part."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        ensure_dir(self.out_dir)
        for debris in [*self.out_dir.glob(".staging-*"), *self.out_dir.glob(".old-*")]:
            shutil.rmtree(debris, ignore_errors=True)  # of a build killed outright; we hold the lock, so not running
        try:
            self.path = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir))
            os.chmod(self.path, 0o777 & ~_umask())
        except OSError as exc:
            raise output_error(self.out_dir, exc) from None

    def part(self, name: str) -> Path:
        return ensure_dir(self.path / name)

    def publish(self) -> list[Path]:
        """Swap every part into the output, then move the staging folder's own files (the build manifest) in.
        Returns the edition's parts published (not the hidden ones, such as the build's cache)."""
        published = []
        for part in sorted(p for p in self.path.iterdir() if p.is_dir()):
            target = self.out_dir / part.name
            old = self.out_dir / f".old-{part.name}-{os.getpid()}"
            try:
                if target.is_dir() and not target.is_symlink():
                    os.replace(target, old)
                elif target.exists():
                    raise EditionError(Diagnostic("output.unwritable", "error",
                                                  "cannot publish here: a file is in the way of this folder",
                                                  str(target)))
                os.replace(part, target)
            except OSError as exc:
                if old.exists() and not target.exists():
                    os.replace(old, target)  # put the last good part back
                raise output_error(target, exc) from None
            shutil.rmtree(old, ignore_errors=True)
            if not part.name.startswith("."):
                published.append(target)
        for file in sorted(p for p in self.path.iterdir() if p.is_file()):  # last: it describes the parts
            try:
                os.replace(file, self.out_dir / file.name)
            except OSError as exc:
                raise output_error(self.out_dir / file.name, exc) from None
        return published

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()  # published parts have been moved out; what is left is a failed build's
