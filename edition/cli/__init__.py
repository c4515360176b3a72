"""The `edition` command line: the only place that prints (through one Reporter, see reporter.py).

Every command finds its project (``edition.toml``) by walking up from the working directory, or
takes ``--project``; every command takes ``--format json``, ``--quiet`` and ``--verbose``. The
exit codes are in app.py.
"""

from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edition")
def main() -> None:
    """Archival transcripts → TEI P5 edition → HTML site and printed PDF.

    Start an edition with 'edition init DIR'; inside it, 'edition convert FILE' and 'edition build'."""


from . import commands  # noqa: E402,F401  (registers the commands on main)
from .align import align_command  # noqa: E402,F401
from .printing import print_command  # noqa: E402,F401
from .exchange import diff_command, import_command  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    main()
