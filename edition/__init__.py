"""edition: archival transcripts → TEI P5 → HTML and PDF editions."""

__version__ = "0.1.0"
