"""Check parsed sources against the schema and each other; build the course.

The shape of a file is checked by the JSON Schema shipped in
`csrcards/schema/decks.schema.json` (the same one editors use); the rules that
span notes or files (unique ids, matching cloze numbers, one course file) and
the cloze grammar of every text (cloze.py) are checked here. Every problem is
collected before anything is reported.
"""

from __future__ import annotations

import difflib
import json
from importlib import resources

import fastjsonschema

from . import LANGUAGES, cloze
from .errors import CardsError, Problem
from .layout import COURSE_FILE
from .model import TOPICS, Course, Note, Source, Text, Topic, Where
from .sources import Document

_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false"}


def schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("schema/decks.schema.json").read_text("utf-8"))


_fast = None


def _is_valid(data: object) -> bool:
    """The quick yes/no: fastjsonschema compiles the schema to Python code.

    jsonschema, which can list every error with its path, costs more to import
    than a whole build of the shipped decks, so it is only loaded to explain a
    file that fails this check.
    """
    global _fast
    if _fast is None:
        _fast = fastjsonschema.compile(schema())
    try:
        _fast(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check(documents: list[Document]) -> Course:
    """The course the documents describe, or CardsError with every problem."""
    problems: list[Problem] = []
    for document in documents:
        problems.extend(_shape_problems(document))
    problems.extend(_cross_problems(documents))
    if problems:
        raise CardsError(problems)
    return _course(documents)


def _shape_problems(document: Document) -> list[Problem]:
    if document.checked or _is_valid(document.data):
        return []
    import jsonschema

    problems: dict[Problem, None] = {}  # ordered and without repeats
    for error in jsonschema.Draft7Validator(schema()).iter_errors(document.data):
        problems.update(dict.fromkeys(_explain(document, error)))
    return list(problems)


def _name(where: tuple, instance: object = None) -> str:
    if where and isinstance(where[-1], int) and where[:-1] == ("notes",):
        note_id = instance.get("id") if isinstance(instance, dict) else None
        return f"note '{note_id}'" if isinstance(note_id, str) else f"note {where[-1] + 1}"
    for part in reversed(where):
        if isinstance(part, str):
            return f"'{part}'"
    return "the file"


def _explain(document: Document, error) -> list[Problem]:
    where = tuple(error.absolute_path)
    name = _name(where, error.instance)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [
            document.at(where + (key,), f"unknown key '{key}'", _suggest(key, allowed), key=True)
            for key in error.instance
            if key not in allowed
        ]
    if kind == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        what = "language" if set(error.validator_value) == set(LANGUAGES) else "key"
        hint = "a note has either 'front' and 'back', or 'cloze'" if {"front", "back"} & set(missing) else ""
        return [document.at(where, f"missing {what} '{key}' in {name}", hint) for key in missing]
    if kind == "type":
        expected = _TYPE_NAMES.get(error.validator_value, error.validator_value)
        hint = ""
        if error.validator_value == "string":
            hint = ("YAML reads yes/no/on/off as true/false: put the text in quotes"
                    if isinstance(error.instance, bool) else "put the text in quotes")
        return [document.at(where, f"{name} must be {expected}, not {_type_of(error.instance)}", hint)]
    if kind in ("minLength", "pattern") and where and where[-1] in LANGUAGES:
        return [document.at(where, f"empty text for language '{where[-1]}'")]
    if kind in ("minLength", "pattern") and error.schema.get("pattern", "").startswith("^[a-z0-9]+(-"):
        return [document.at(where, f"'{error.instance}' is not a valid id",
                            "use lowercase letters, digits and hyphens, e.g. 'team-player'")]
    if kind in ("minLength", "pattern"):
        return [document.at(where, f"{name} has an invalid value {error.instance!r}",
                            "tags are lowercase words joined by '-', '_' or '::'" if "tags" in where else "")]
    if kind == "enum" and "reviewed" in where:
        return [document.at(where, f"'reviewed' lists '{error.instance}', which is not a translation",
                            "list tl, bg or both")]
    if kind == "enum":
        what = "topic" if where == ("topic", "id") else name.strip("'")
        return [document.at(where, f"unknown {what} '{error.instance}'",
                            _suggest(str(error.instance), [str(v) for v in error.validator_value])
                            or "one of: " + ", ".join(map(str, error.validator_value)))]
    if kind == "minItems":
        return [document.at(where, f"{name} is empty")]
    if kind == "maxLength":
        return [document.at(where, f"{name} is longer than {error.validator_value} characters")]
    if kind == "uniqueItems":
        return [document.at(where, f"{name} lists the same item twice")]
    return [document.at(where, f"{name}: {error.message}")]


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _type_of(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return _TYPE_NAMES.get({dict: "object", list: "array", str: "string"}.get(type(value), ""), type(value).__name__)


def _cross_problems(documents: list[Document]) -> list[Problem]:
    """Rules across notes and files, on whatever parts of them are well formed."""
    problems: list[Problem] = []
    courses = [d for d in documents if isinstance(d.data, dict) and "course" in d.data]
    if not courses:
        problems.append(Problem(f"decks/{COURSE_FILE}", 1, 1, "missing course file",
                                f"create decks/{COURSE_FILE} with the course title and version"))
    for extra in courses[1:]:
        problems.append(extra.at(("course",), f"second course file (the first is {courses[0].path})", key=True))

    first_seen: dict[str, tuple[Document, tuple]] = {}
    titles: dict[str, tuple[Document, dict]] = {}
    for document in documents:
        data = document.data if isinstance(document.data, dict) else {}
        topic = data.get("topic")
        if isinstance(topic, dict) and isinstance(topic.get("id"), str) and isinstance(topic.get("title"), dict):
            if topic["id"] in titles and titles[topic["id"]][1] != topic["title"]:
                other = titles[topic["id"]][0]
                problems.append(document.at(("topic", "title"), f"topic '{topic['id']}' has another title in {other.path}",
                                            "give every file of a topic the same title"))
            titles.setdefault(topic["id"], (document, topic["title"]))
        notes = data.get("notes") if isinstance(data.get("notes"), list) else []
        for index, note in enumerate(notes):
            if not isinstance(note, dict):
                continue
            problems.extend(_grammar_problems(document, ("notes", index), note))
            if not isinstance(note.get("id"), str):
                continue
            where = ("notes", index, "id")
            if note["id"] in first_seen:
                other, other_where = first_seen[note["id"]]
                line, column = other.values[other_where]
                problems.append(document.at(where, f"duplicate note id '{note['id']}' (first used at {other.path}:{line}:{column})",
                                            "every note needs its own id"))
            else:
                first_seen[note["id"]] = (document, where)
    return problems


_TEXT_KEYS = ("front", "back", "cloze", "extra")


def _grammar_problems(document: Document, where: tuple, note: dict) -> list[Problem]:
    """Deletions that every supported Anki reads alike, and `{{`, `}}`, `::` nowhere else."""
    problems = []
    for key in _TEXT_KEYS:
        text = note.get(key)
        if not isinstance(text, dict):
            continue
        for language, value in text.items():
            if not isinstance(value, str):
                continue
            for mistake in cloze.read(value, cloze=key == "cloze").mistakes:
                problems.append(document.inside(where + (key, language), value, mistake.offset,
                                                mistake.message, mistake.hint))
    text = note.get("cloze")
    if not problems and isinstance(text, dict) and all(isinstance(text.get(lang), str) for lang in LANGUAGES):
        problems.extend(_cloze_problems(document, where + ("cloze",), text))
    return problems


def _cloze_problems(document: Document, where: tuple, text: dict) -> list[Problem]:
    numbers = {language: cloze.numbers(text[language]) for language in LANGUAGES}
    if not numbers["en"]:
        return [document.at(where + ("en",), "cloze text has no deletion", "mark one like {{c1::$32,890}}")]
    return [
        document.at(where + (language,),
                    f"cloze numbers in '{language}' ({_numbers(numbers[language])}) differ from 'en' ({_numbers(numbers['en'])})",
                    "every language needs the same {{c1::...}} deletions")
        for language in LANGUAGES[1:]
        if numbers[language] != numbers["en"]
    ]


def _numbers(numbers: frozenset[int]) -> str:
    return ", ".join(f"c{n}" for n in sorted(numbers)) or "none"


def _text(value: dict | None) -> Text | None:
    return Text(**value) if value else None


def _course(documents: list[Document]) -> Course:
    course = next(d.data["course"] for d in documents if "course" in d.data)
    notes: dict[str, list[Note]] = {}
    titles: dict[str, Text] = {}
    for document in documents:
        if "topic" not in document.data:
            continue
        topic_id = document.data["topic"]["id"]
        titles[topic_id] = _text(document.data["topic"]["title"])
        for index, raw in enumerate(document.data["notes"]):
            line, column = document.values[("notes", index)]
            notes.setdefault(topic_id, []).append(Note(
                id=raw["id"],
                kind="cloze" if "cloze" in raw else "qa",
                front=_text(raw.get("cloze") or raw.get("front")),
                back=_text(raw.get("back")),
                extra=_text(raw.get("extra")),
                source=Source(**raw["source"]),
                tags=tuple(raw.get("tags", ())),
                retired=raw.get("retired", False),
                reviewed=tuple(raw.get("reviewed", ())),
                where=Where(document.path, line, column),
            ))
    topics = tuple(Topic(t, titles[t], tuple(notes[t])) for t in TOPICS if t in titles)
    return Course(_text(course["title"]), course["version"], topics)
