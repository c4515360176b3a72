"""Findings → what the editor reads: located, folded, sorted, with the source line and a hint.

Compiler-style: ``file:line:col: error|warning: message [code]``, then the offending source
line (trimmed) and a hint where one helps. TEI's own rules repeat one failure many times (an
attribute the TEI does not know, on every div): identical messages are folded into the
first, with "(and 12 more like this)". JSON output carries the same, for CI and editors'
tools.
"""

from __future__ import annotations

from .findings import Finding
from .validator import FileReport


def finish(report: FileReport) -> FileReport:
    """Locate every finding, add its source line, fold repeats and sort by position."""
    source = report.source
    for finding in report.findings:
        if source is not None and finding.element is not None:
            line, column = source.locate(finding.element, finding.attribute)
            finding.line, finding.column = line or finding.line, column
        if source is not None and finding.snippet is None:
            finding.snippet = source.snippet(finding.line)
    folded: dict[tuple, Finding] = {}
    for finding in sorted(report.findings, key=lambda f: (f.line or 0, f.column or 0)):
        key = (finding.code, " ".join(finding.message.split()), finding.severity)
        first = folded.get(key)
        if first is None:
            folded[key] = finding
        elif finding.line is None or (finding.line != first.line and finding.line not in first.repeats):
            first.repeats.append(finding.line)  # the same message again on the same line says nothing new
    report.findings = sorted(folded.values(), key=lambda f: (f.line or 0, f.column or 0, f.code))
    return report


def text_lines(report: FileReport, snippets: bool = True) -> list[tuple[str, str]]:
    """(text, severity) lines for one file."""
    lines: list[tuple[str, str]] = []
    for finding in report.findings:
        lines.append((finding.diagnostic(report.path).format(), finding.severity))
        if snippets and finding.snippet:
            lines.append((f"    {finding.snippet}", ""))
        if finding.hint:
            lines.append((f"    hint: {finding.hint}", ""))
    return lines


def summary(reports: list[FileReport]) -> str:
    invalid = sum(not r.valid for r in reports)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    layers = sorted({layer for r in reports for layer in r.layers},
                    key=["xml", "schema", "rules", "tei"].index)
    names = {"xml": "XML", "schema": "project schema", "rules": "rules", "tei": "tei_all"}
    checked = ", ".join(names[layer] for layer in layers) or "nothing"
    files = "file" if len(reports) == 1 else "files"
    return (f"{len(reports)} {files}: {len(reports) - invalid} valid, {invalid} invalid; {errors} error(s), "
            f"{warnings} warning(s) (checked: {checked})")


def as_json(reports: list[FileReport]) -> dict:
    return {
        "files": [{"file": r.path, "valid": r.valid, "profile": r.profile or None, "layers": r.layers,
                   "seconds": round(r.seconds, 4),
                   "diagnostics": [f.as_json(r.path) for f in r.findings]} for r in reports],
        "summary": {"files": len(reports), "invalid": sum(not r.valid for r in reports),
                    "errors": sum(r.errors for r in reports), "warnings": sum(r.warnings for r in reports)},
    }


def exit_code(reports: list[FileReport]) -> int:
    """0 valid, 1 invalid, 3 some input could not be read at all."""
    if any(r.unreadable for r in reports):
        return 3
    return 1 if any(not r.valid for r in reports) else 0
