"""What a learner's next import will do: the released decks against the sources.

The released decks are the packages last handed out (by default the committed
`build/csrcards-<lang>.apkg`). The current decks are compiled in memory from the
sources and the lock, exactly as `csrcards build` would make them; the lock is
read but never saved, so nothing is written. Both sides are then read back the
same way (contents.py) and compared note by note, by GUID, as Anki does:

- new: the GUID is not in the released deck; the import adds the note;
- edited: same GUID and note type, other fields or tags; the import updates it;
- conflicting: same GUID, but another note type, or one whose field or
  template names differ; Anki keeps the learner's copy and reports a conflict;
- retired: marked `retired: true`; newly (not yet retired in the released deck)
  or already;
- removed: in the released deck but no longer in the sources; an import
  cannot delete it, so learners keep it.

Two more changes are reported because learners cannot see them coming:

- note types whose CSS or templates changed: every learner's cards change
  look, even when no note is edited;
- cloze notes whose deletion numbers were removed or renumbered
  (renumbering.py): learners' cards and review history follow the numbers.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import cloze, compile, contents, ids, layout, package, pipeline, renumbering
from .compile import RETIRED
from .contents import Contents, PackagedNote
from .model import Course
from .notetypes import LANGUAGE_NAMES

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
CLOZE_FIELD = "Text"  # the cloze note types' text field (notetypes.py)


@dataclass
class Change:
    note: str  # the note's id in the sources (its GUID if the sources no longer know it)
    guid: str
    fields: dict[str, str]  # as plain text, what learners will have: the new version, or their copy if kept
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)  # field or "tags" -> (old, new)
    notetypes: tuple[str, str] = ("", "")  # conflicting: (released, current) note type names


@dataclass
class LanguageDiff:
    language: str
    released: str  # the released package, as the trainer knows its path
    found: bool
    deck: str  # the course deck's name in this language
    new: list[Change] = field(default_factory=list)
    edited: list[Change] = field(default_factory=list)
    conflicting: list[Change] = field(default_factory=list)
    newly_retired: list[Change] = field(default_factory=list)
    already_retired: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    notetypes_updated: list[tuple[str, str]] = field(default_factory=list)  # (name, what changed: CSS, templates)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (note, what learners' cards lose)


@dataclass
class Diff:
    course: str
    version: str
    languages: list[LanguageDiff]


def compare(root: Path, against: Path, languages: tuple[str, ...], now: int) -> Diff:
    """Compile the sources in memory and compare them with the packages in `against`."""
    course = pipeline.load(root)
    lock = pipeline.load_lock(root, now)  # read, never saved
    known = {note.id for note in course.notes} | lock.note_ids()
    parts = []
    english = compile.English(last=languages[-1])
    for language in languages:
        compiled = compile.compile_language(course, language, lock, english)
        current = contents.parse(package.apkg_bytes(compiled.decks), f"the {language} deck built from the sources")
        path = against / layout.package_name(language)
        shown, found = layout.shown(path, root), path.exists()
        released = contents.read(path, shown) if found else Contents({}, {}, {})
        names = {ids.note_guid(course.id, note_id, language): note_id for note_id in known}
        parts.append(_compare(language, shown, found, course, released, current, names))
    return Diff(course.title.en, course.version, parts)


def _compare(language: str, shown: str, found: bool, course: Course, released: Contents, current: Contents,
             names: dict[str, str]) -> LanguageDiff:
    result = LanguageDiff(language, shown, found, course.title[language])
    retired = f"{course.id}::{RETIRED}"
    for guid, new in current.notes.items():
        old = released.notes.get(guid)
        change = Change(names.get(guid, guid), guid, _plain_fields(current, new))
        if old is None:
            result.new.append(change)
        elif _conflicts(released, old, current, new):
            change.fields = _plain_fields(released, old)
            change.notetypes = (_notetype_name(released, old), _notetype_name(current, new))
            result.conflicting.append(change)
        elif retired in new.tags:
            (result.already_retired if retired in old.tags else result.newly_retired).append(change)
        elif old.fields != new.fields or old.tags != new.tags:
            change.edits = _edits(released, old, current, new)
            result.edited.append(change)
            lost = _renumbering(released, old, current, new)
            if lost:
                result.renumbered.append((change.note, lost.describe()))
        else:
            result.unchanged += 1
    for guid, old in released.notes.items():
        if guid not in current.notes:
            result.removed.append(Change(names.get(guid, guid), guid, _plain_fields(released, old)))
    result.notetypes_updated = _notetypes_updated(released, current)
    return result


def _renumbering(released: Contents, old: PackagedNote, current: Contents, new: PackagedNote):
    """What learners' cards of a cloze note lose in this update (renumbering.py)."""
    texts = [dict(zip(side.field_names(note), note.fields)).get(CLOZE_FIELD)
             for side, note in ((released, old), (current, new))]
    if None in texts:
        return renumbering.Renumbering()
    before, after = (renumbering.answer_hashes(text) for text in texts)
    return renumbering.compare(before, after)


def _notetypes_updated(released: Contents, current: Contents) -> list[tuple[str, str]]:
    """Note types the import updates in place: same fields and templates, new CSS or template text."""
    updated = []
    for notetype_id, after in current.notetypes.items():
        before = released.notetypes.get(notetype_id)
        if before is None or before.shape != after.shape:
            continue  # new, or conflicting: the notes say so
        what = [name for name, changed in (("CSS", before.css != after.css),
                                           ("templates", before.templates != after.templates)) if changed]
        if what:
            updated.append((after.name, " and ".join(what)))
    return sorted(updated)


def _conflicts(released: Contents, old: PackagedNote, current: Contents, new: PackagedNote) -> bool:
    if old.notetype_id != new.notetype_id:
        return True
    before, after = released.notetypes.get(old.notetype_id), current.notetypes.get(new.notetype_id)
    return before is None or after is None or before.shape != after.shape


def _notetype_name(contents: Contents, note: PackagedNote) -> str:
    notetype = contents.notetypes.get(note.notetype_id)
    return notetype.name if notetype else f"note type {note.notetype_id}"


def _edits(released: Contents, old: PackagedNote, current: Contents, new: PackagedNote) -> dict[str, tuple[str, str]]:
    before, after = _plain_fields(released, old), _plain_fields(current, new)
    edits = {name: (before[name], after[name]) for name in after if before.get(name) != after[name]}
    if old.tags != new.tags:
        edits["tags"] = (" ".join(old.tags), " ".join(new.tags))
    return edits


def _plain_fields(contents: Contents, note: PackagedNote) -> dict[str, str]:
    return dict(zip(contents.field_names(note), map(plain_text, note.fields)))


def plain_text(field_html: str) -> str:
    """A field as a learner reads it: line breaks kept, tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", field_html)))


def render(diff: Diff, style: str) -> str:
    return {"text": _text, "markdown": _markdown, "json": _json}[style](diff)


# text: for the trainer's terminal


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _title(change: Change) -> str:
    """The note's first field (its question, or its cloze text)."""
    return _one_line(next(iter(change.fields.values()), ""))


def _summary(part: LanguageDiff) -> str:
    return (f"{len(part.new)} new, {len(part.edited)} edited, {len(part.conflicting)} conflicting, "
            f"{len(part.newly_retired)} newly retired, {len(part.already_retired)} already retired, "
            f"{len(part.removed)} removed, {part.unchanged} unchanged")


def _text(diff: Diff) -> str:
    lines = []
    for part in diff.languages:
        released = part.released if part.found else f"{part.released} (not found: every note is new)"
        lines.append(f"{LANGUAGE_NAMES[part.language]}: {released} -> sources")
        lines.append(f"  {_summary(part)}")
        sections = (
            ("new", part.new),
            ("edited", part.edited),
            ("conflicting: the note type changed, so learners keep their old copy "
             "(give the note a new id and retire this one)", part.conflicting),
            ("newly retired", part.newly_retired),
            ("already retired", part.already_retired),
            ("removed from the sources: learners keep these (put them back with 'retired: true')", part.removed),
        )
        if part.notetypes_updated:
            lines.append("  note types updated (every learner's cards change look on import):")
            lines.extend(f"    {name}: {what}" for name, what in part.notetypes_updated)
        if part.renumbered:
            lines.append(f"  cloze numbers changed ({renumbering.HINT}):")
            lines.extend(f"    {note}: {what}" for note, what in part.renumbered)
        for heading, changes in sections:
            if not changes:
                continue
            lines.append(f"  {heading}:")
            for change in changes:
                if change.edits:
                    lines.append(f"    {change.note}")
                    for name, (old, new) in change.edits.items():
                        lines.append(f"      {name}: {_one_line(old)}")
                        lines.append(f"      {' ' * len(name)}  -> {_one_line(new)}")
                elif change.notetypes != ("", ""):
                    before, after = change.notetypes
                    what = f"{before} -> {after}" if before != after else f"{after}, fields or templates renamed"
                    lines.append(f"    {change.note}: {what}")
                else:
                    lines.append(f"    {change.note}: {_title(change)}")
    return "\n".join(lines) + "\n"


# markdown: release notes a trainer can hand to learners


def _md(text: str) -> str:
    """Card text as Markdown: special characters escaped, cloze answers in bold."""
    parts = cloze.read(text).parts
    return _one_line("".join(_md_escape(p) if isinstance(p, str) else f"**{_md_escape(p.answer)}**" for p in parts))


def _md_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown(diff: Diff) -> str:
    lines = [f"# Release notes: {_md(diff.course)}, version {_md(diff.version)}", ""]
    for part in diff.languages:
        file_name = layout.package_name(part.language)
        lines += [f"## {LANGUAGE_NAMES[part.language]}: {_md(part.deck)} ({file_name})", ""]
        if not (part.new or part.edited or part.conflicting or part.newly_retired or part.removed
                or part.notetypes_updated):
            lines += ["No changes.", ""]
            continue
        lines += ["Import the new file over the old one: your progress is kept.", ""]
        if part.notetypes_updated:
            lines += ["### Card design", "", "The look of the cards changes with this update.", ""]
        sections = (
            ("New cards", "", part.new),
            ("Changed cards", "They change in place; your review history is kept.", part.edited),
            ("Retired cards", "They are no longer part of the course and now show a red *Retired* label. "
             "To take them out of your reviews, search for `tag:retired` in the Browse window, select all, "
             "and choose Suspend.", part.newly_retired),
            ("Cards this update cannot change", "Their card type changed, so Anki keeps your copy as it is.",
             part.conflicting),
            ("Removed from the course", "An update cannot delete cards: these stay in your collection "
             "until you delete them.", part.removed),
        )
        for heading, explanation, changes in sections:
            if not changes:
                continue
            lines += [f"### {heading} ({len(changes)})", ""]
            if explanation:
                lines += [explanation, ""]
            for change in changes:
                lines.append(f"- {_md(_title(change))}")
                for name, (old, new) in change.edits.items():
                    if name != "tags":
                        lines += [f"  - {name}, before: {_md(old)}", f"  - {name}, now: {_md(new)}"]
            lines.append("")
    return "\n".join(lines)


# json: for tools


def _json(diff: Diff) -> str:
    def change(c: Change) -> dict:
        entry = {"note": c.note, "guid": c.guid, "fields": c.fields}
        if c.edits:
            entry["edits"] = {name: {"old": old, "new": new} for name, (old, new) in c.edits.items()}
        if c.notetypes != ("", ""):
            entry["notetype"] = {"old": c.notetypes[0], "new": c.notetypes[1]}
        return entry

    languages = {}
    for part in diff.languages:
        languages[part.language] = {
            "released": part.released,
            "found": part.found,
            **{name: [change(c) for c in getattr(part, name)]
               for name in ("new", "edited", "conflicting", "newly_retired", "already_retired", "removed")},
            "unchanged": part.unchanged,
            "notetypes_updated": [{"name": name, "changed": what} for name, what in part.notetypes_updated],
            "renumbered": [{"note": note, "lost": what} for note, what in part.renumbered],
        }
    document = {"course": diff.course, "version": diff.version, "languages": languages}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
