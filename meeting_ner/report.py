"""An HTML page to check the pipeline's output by eye, rendered with displaCy.

Each document gets its entities (labels in colour), its list items (as spans, with
their ordinal and list) and its meeting record side by side.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Iterable
from typing import Any

from spacy import displacy
from spacy.tokens import Doc

COLORS = {"OFFICIAL": "#f6c8a0", "POSITION": "#bfe1f6", "AGENCY": "#c8f0c0", "DATE": "#f2e29b"}
RECORD_FIELDS = ("date", "organizers", "chairs", "speakers", "format", "title", "published")

PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 1.5em; color: #222; }}
section.document {{ display: grid; grid-template-columns: minmax(0, 3fr) minmax(16em, 1fr); gap: 1.5em;
  border-top: 2px solid #888; padding: 1em 0; }}
section.document h2 {{ grid-column: 1 / -1; font-size: 1.05em; margin: 0; }}
table.record {{ border-collapse: collapse; font-size: 0.9em; align-self: start; position: sticky; top: 0.5em; }}
table.record th {{ text-align: left; padding: 0.2em 0.6em 0.2em 0; vertical-align: top; }}
table.record td {{ padding: 0.2em 0; }}
div.lists h3 {{ font-size: 0.95em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{count} documents. Entities: {legend}.</p>
{sections}
</body>
</html>
"""


def _record_table(record: dict[str, Any] | None) -> str:
    record = record or {}
    rows = []
    for name in RECORD_FIELDS:
        value = record.get(name)
        shown = "、".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        rows.append(f'<tr><th>{name}</th><td data-field="{name}">{html.escape(shown)}</td></tr>')
    officials = record.get("officials") or []
    for official in officials:
        posts = "、".join(f"{p['agency'] or ''}{p['position']}" for p in official.get("posts", []))
        rows.append(
            f"<tr><th>official</th><td>{html.escape(official['name'])} {html.escape(posts)}</td></tr>"
        )
    return '<table class="record">' + "".join(rows) + "</table>"


def render_document(doc: Doc, heading: str) -> str:
    """One document's section: entities, list items and the meeting record."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W006: a page with no entity is still shown
        entities = displacy.render(doc, style="ent", options={"colors": COLORS}, jupyter=False)
    items = doc.spans.get("enumeration", [])
    lists = ""
    if len(items):
        # Manual data, so that the label can say which list and which item it is.
        data = {
            "text": doc.text,
            "tokens": [t.text for t in doc],
            "spans": [
                {"start_token": s.start, "end_token": s.end, "label": f"list {s._.list_id} · {s._.ordinal}"}
                for s in items
            ],
        }
        spans = displacy.render(data, style="span", manual=True, jupyter=False)
        lists = f'<div class="lists"><h3>enumeration ({len(items)} items)</h3>{spans}</div>'
    return (
        f'<section class="document"><h2>{html.escape(heading)}</h2>'
        f'<div class="text">{entities}{lists}</div>{_record_table(doc._.meeting)}</section>'
    )


def render_page(docs: Iterable[tuple[Doc, str]], title: str = "meeting-ner report") -> str:
    """The whole page for `(doc, heading)` pairs."""
    sections = [render_document(doc, heading) for doc, heading in docs]
    legend = ", ".join(
        f'<span style="background:{color};padding:0 0.3em">{label}</span>' for label, color in COLORS.items()
    )
    return PAGE.format(
        title=html.escape(title), count=len(sections), legend=legend, sections="\n".join(sections)
    )
