"""The HTML beside a re-audit's JSONL: counts per rule, a chart, every blocked case.

One self-contained file (inline CSS and SVG, no scripts, no network) that a team lead can
open offline or attach to a report for parliament. The list of blocked cases can hold
hundreds of thousands of rows, so rows are spooled to a temporary file while the audit
runs and copied into the page at the end: memory stays flat.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from .audit import AuditTotals
from .catalogue import CATALOGUE
from .engine import RULESET_VERSION

_ROWS_MARK = "<!--blocked-rows-->"
BAR_WIDTH = 420


def html_path_for(output: Path) -> Path:
    """REPORT.jsonl -> REPORT.html, beside it."""
    return output.with_suffix(".html")


class HtmlReport:
    def __init__(self, path: Path, language: str):
        self.path, self.language = path, language
        self._rows = tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent)  # noqa: SIM115  (lives with the report)

    def blocked(self, ref: str, violations: list[tuple[str, str]]) -> None:
        rules = ", ".join(dict.fromkeys(rule for rule, _ in violations))
        items = "".join(f"<li>{escape(rule)}: {escape(message)}</li>" for rule, message in violations)
        self._rows.write(
            f'<tr><th scope="row">{escape(ref)}</th><td>{escape(rules)}</td><td><ul>{items}</ul></td></tr>\n'
        )

    def _rule_rows(self, totals: AuditTotals) -> list[dict]:
        rows, seen = [], set()
        for rule in CATALOGUE:
            if rule.id in seen:
                continue
            seen.add(rule.id)
            rows.append(
                {
                    "id": rule.id,
                    "title": rule.title(self.language),
                    "source": rule.source,
                    "block": totals.counts.get((rule.id, "block"), 0),
                    "warn": totals.counts.get((rule.id, "warn"), 0),
                }
            )
        top = max([r["block"] + r["warn"] for r in rows] + [1])
        for i, r in enumerate(rows):
            r["y"] = i * 24
            r["block_w"] = round(BAR_WIDTH * r["block"] / top, 1)
            r["warn_w"] = round(BAR_WIDTH * r["warn"] / top, 1)
            r["warn_x"] = 90 + r["block_w"]
            r["label_x"] = 96 + r["block_w"] + r["warn_w"]
        return rows

    def finish(self, totals: AuditTotals, *, source_name: str) -> Path:
        rules = self._rule_rows(totals)
        with translation.override(self.language):
            page = render_to_string(
                "rules/audit_report.html",
                {
                    "language": self.language,
                    "totals": totals,
                    "rules": rules,
                    "source_name": source_name,
                    "ruleset": RULESET_VERSION,
                    "generated": timezone.localtime(),
                    "rows_mark": _ROWS_MARK,
                    "chart_height": len(rules) * 24 + 8,
                    "bar_width": BAR_WIDTH,
                },
            )
        head, tail = page.split(_ROWS_MARK, 1)
        self._rows.seek(0)
        with open(self.path, "w", encoding="utf-8") as html:
            html.write(head)
            shutil.copyfileobj(self._rows, html)
            html.write(tail)
        self._rows.close()
        return self.path
