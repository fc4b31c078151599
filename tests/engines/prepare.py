"""Build the two releases the engine scenario imports, and csrcards' claims about them.

    python -m tests.engines.prepare DIR

Runs with csrcards installed. The course is the test sample (tests/fixtures)
plus tests/engines/grammar.yaml, which holds every form of text the cloze
grammar accepts. Release 1 is built as a trainer would; release 2 edits one
note's answer in every language and adds a rule to the decks' CSS. DIR gets
v1/ and v2/ with the packages, and claims.json: for every note and card, what
csrcards says Anki will show (from the same field values and templates the
packages hold, rendered by csrcards' preview). tests/engines/scenario.py then
holds each Anki engine to those claims.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from csrcards import LANGUAGES, cloze, compile, contents, layout, notetypes, pipeline, preview
from csrcards.lock import Lock
from csrcards.markup import field_html

from .scenario import shown_text, visible

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "decks"
V1_TIME = 1_700_000_000
CSS_MARKER = "/* release 2 */ .prompt { letter-spacing: 0.01em; }"
TRAINER_EDIT = {  # the answer of note 'listen', before and after, per language
    "en": ("To understand the customer's problem.", "To understand what the customer needs."),
    "tl": ("Para maunawaan ang problema ng customer.", "Para maunawaan ang kailangan ng customer."),
    "bg": ("За да разберем проблема на клиента.", "За да разберем от какво има нужда клиентът."),
}
TRAINER_NOTE, LEARNER_NOTE = "listen", "calm"


def prepare(folder: Path) -> dict:
    root = folder / "course"
    (root / layout.SOURCES_DIR).mkdir(parents=True)
    for path in [*FIXTURES.glob("*.yaml"), HERE / "grammar.yaml"]:
        shutil.copy(path, root / layout.SOURCES_DIR / path.name)
    releases = {}
    pipeline.build(root, folder / "v1", LANGUAGES, (), V1_TIME)
    releases["v1"] = pipeline.load(root)

    soft_skills = root / layout.SOURCES_DIR / "soft-skills.yaml"
    text = soft_skills.read_text("utf-8")
    for old, new in TRAINER_EDIT.values():
        assert old in text, old
        text = text.replace(old, new)
    soft_skills.write_text(text, "utf-8")
    original_css = notetypes.css
    notetypes.css = lambda: original_css() + CSS_MARKER
    try:
        pipeline.build(root, folder / "v2", LANGUAGES, (), V1_TIME + 60, force=True)
        releases["v2"] = pipeline.load(root)
        claims = {"languages": {language: _language_claims(folder, releases, language) for language in LANGUAGES}}
    finally:
        notetypes.css = original_css
    (folder / "claims.json").write_text(json.dumps(claims, ensure_ascii=False, indent=1), "utf-8")
    return claims


def _language_claims(folder: Path, releases: dict, language: str) -> dict:
    package = layout.package_name(language)
    guids = {}
    course = releases["v2"]
    compiled = compile.compile_language(course, language, Lock(created=0))
    packaged_notes = [anki_note for deck in compiled.decks for anki_note in deck.notes]
    for note, anki_note in zip(course.notes, packaged_notes, strict=True):
        guids[note.id] = anki_note.guid
    released = contents.read(folder / "v2" / package, package)
    return {
        "package": package,
        "deck": course.title[language],
        "v1": _release_claims(releases["v1"], language, guids),
        "v2": _release_claims(course, language, guids),
        "trainer_edits": guids[TRAINER_NOTE],
        "trainer_field": "Back",
        "trainer_value": field_html(TRAINER_EDIT[language][1]),
        "learner_edits": guids[LEARNER_NOTE],
        "learner_field": "Extra",
        "notetypes": sorted(released.notetypes),
        "css_marker": CSS_MARKER,
    }


def _release_claims(course, language: str, guids: dict[str, str]) -> dict:
    notes = {}
    for note in course.notes:
        rendered = {}
        for card in preview.cards(course, note, language):
            front = shown_text(card.front, "question")
            hidden = [visible(field_html(answer)) for answer in _answers(note, language, card.number)]
            rendered[str(card.number)] = {"front": front, "back": shown_text(card.back, "answer"),
                                          "hidden": [answer for answer in hidden if answer not in front]}
        notes[guids[note.id]] = {"id": note.id, "cards": rendered}
    return {"notes": notes}


def _answers(note, language: str, number: int) -> tuple[str, ...]:
    """What card `number` asks for: its deletions' answers, or a question's answer."""
    if note.kind == "cloze":
        return cloze.answers(note.front[language])[number]
    return (note.back[language],)


if __name__ == "__main__":
    prepare(Path(sys.argv[1]).resolve())
