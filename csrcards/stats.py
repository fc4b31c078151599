"""Counts per topic and language: notes, cards and missing translations.

Stats reads the parsed sources leniently, so that a trainer can see which
translations are still missing while the course does not build yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import LANGUAGES, cloze
from .sources import Document

TEXT_KEYS = ("front", "back", "cloze", "extra")


@dataclass
class TopicStats:
    topic: str
    notes: int = 0
    cards: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LANGUAGES, 0))
    complete: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LANGUAGES, 0))


@dataclass
class Missing:
    where: str
    note: str
    language: str


def collect(documents: list[Document]) -> tuple[list[TopicStats], list[Missing]]:
    table: dict[str, TopicStats] = {}
    missing: list[Missing] = []
    for document in documents:
        data = document.data if isinstance(document.data, dict) else {}
        topic = data.get("topic", {}).get("id") if isinstance(data.get("topic"), dict) else None
        if not isinstance(data.get("notes"), list):
            continue
        row = table.setdefault(str(topic), TopicStats(str(topic)))
        for index, note in enumerate(data["notes"]):
            if not isinstance(note, dict):
                continue
            row.notes += 1
            for language in LANGUAGES:
                texts = [note[key] for key in TEXT_KEYS if isinstance(note.get(key), dict)]
                if texts and all(isinstance(t.get(language), str) and t[language].strip() for t in texts):
                    row.complete[language] += 1
                    row.cards[language] += _cards(note, language)
                else:
                    line, column = document.values.get(("notes", index), (1, 1))
                    missing.append(Missing(f"{document.path}:{line}:{column}", str(note.get("id", "?")), language))
    course = next((d.data["course"] for d in documents if isinstance(d.data, dict)
                   and isinstance(d.data.get("course"), dict)), {})
    topics = course.get("topics") if isinstance(course.get("topics"), list) else []
    order = {topic: index for index, topic in enumerate(topics) if isinstance(topic, str)}
    return sorted(table.values(), key=lambda r: order.get(r.topic, len(order))), missing


def _cards(note: dict, language: str) -> int:
    if "cloze" in note:
        return len(cloze.numbers(note["cloze"][language]))
    return 1


def render(rows: list[TopicStats], missing: list[Missing]) -> str:
    header = ["topic", "notes"] + [f"cards {lang}" for lang in LANGUAGES]
    body = [[r.topic, str(r.notes)] + [str(r.cards[lang]) for lang in LANGUAGES] for r in rows]
    body.append(["total", str(sum(r.notes for r in rows))]
                + [str(sum(r.cards[lang] for r in rows)) for lang in LANGUAGES])
    widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths)))

    lines = [fmt(header), fmt(["-" * w for w in widths])] + [fmt(line) for line in body]
    if missing:
        lines.append("")
        lines.append(f"missing or empty translations: {len(missing)}")
        lines.extend(f"  {m.where}: note '{m.note}' has no '{m.language}' text" for m in missing)
    else:
        lines.append("")
        lines.append("missing or empty translations: none")
    return "\n".join(lines)
