"""Parallel alignment of a conversation's language versions (issue #4).

Each version is segmented into blocks and sentences with stable ids (segment.py), each
translation is aligned to the original turn by turn and sentence by sentence
(aligner.py, dp.py, features.py), editor locks constrain the result (overrides.py), and
the links are written as TEI stand-off (standoff.py). ``align_tree`` (tree.py) is the
pipeline's entry point; ``edition align`` (cli.py) is the editors'. See docs/alignment.md.
"""

from .tree import align_tree

__all__ = ["align_tree"]
