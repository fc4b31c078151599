"""Check parsed sources against the schema and each other; build the course.

The shape of a file is checked by the JSON Schema shipped in
`csrcards/schema/decks.schema.json` (the same one editors use; the termbase
has its own, `terms.schema.json`, see terms.py); the rules that span notes or
files (unique ids, matching cloze numbers, one course file) and the cloze
grammar of every text (cloze.py) are checked here. Every problem is collected
before anything is reported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import fastjsonschema

from . import LANGUAGES, cloze
from .errors import CardsError, Problem
from .layout import COURSE_FILE
from .model import Citation, Course, Note, Source, Text, Topic, Where
from .sources import Document

_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false"}
_SCHEMAS = Path(__file__).parent / "schema"


def schema(name: str = "decks") -> dict:
    """A shipped JSON Schema: "decks" for the card sources, "terms" for the termbase."""
    return json.loads((_SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


_fast: dict[str, Callable[[object], object]] = {}


def _is_valid(data: object, name: str) -> bool:
    """The quick yes/no: fastjsonschema compiles the schema to Python code.

    jsonschema, which can list every error with its path, costs more to import
    than a whole build of the shipped decks, so it is only loaded to explain a
    file that fails this check.
    """
    if name not in _fast:
        _fast[name] = _validator(name)
    try:
        _fast[name](data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _validator(name: str) -> Callable[[object], object]:
    """fastjsonschema's validator for a shipped schema, its code compiled once per install.

    Generating and compiling the validator took longer than checking the
    shipped decks. So its compiled code is kept the way Python keeps a
    module's bytecode: in __pycache__ beside the schema (or under
    PYTHONPYCACHEPREFIX; not written under PYTHONDONTWRITEBYTECODE), named by
    a hash of the schema, fastjsonschema's version and the interpreter's
    bytecode version. A copy that cannot be read or written only means
    generating it again.
    """
    raw = (_SCHEMAS / f"{name}.schema.json").read_bytes()
    digest = hashlib.sha256(raw + fastjsonschema.VERSION.encode() + importlib.util.MAGIC_NUMBER).hexdigest()[:16]
    kept = Path(importlib.util.cache_from_source(str(_SCHEMAS / f"{name}-validator-{digest}.py")))
    try:
        entry, code = marshal.loads(kept.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        source = fastjsonschema.compile_to_code(json.loads(raw), detailed_exceptions=False)
        entry = re.search(r"^def (\w+)\(", source, re.MULTILINE)[1]  # the first function checks the whole file
        code = compile(source, f"<the {name} schema's validator>", "exec")
        _keep(kept, marshal.dumps((entry, code)))
    namespace: dict = {}
    exec(code, namespace)
    return namespace[entry]


def _keep(path: Path, data: bytes) -> None:
    if sys.dont_write_bytecode:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def check(documents: list[Document], unreadable: frozenset[str] = frozenset()) -> Course:
    """The course the documents describe, or CardsError with every problem.

    `unreadable` names the files (as shown) that could not be parsed: their
    problems are already reported, so none is reported again as missing.
    """
    problems: list[Problem] = []
    for document in documents:
        problems.extend(shape_problems(document))
    readings: dict[int, tuple[cloze.Reading, ...]] = {}  # each cloze note's texts as read, by id() of the note
    problems.extend(_cross_problems(documents, unreadable, readings))
    if problems or unreadable:
        raise CardsError(problems)
    return _course(documents, readings)


def shape_problems(document: Document, name: str = "decks") -> list[Problem]:
    """Where the document breaks the shipped schema `name` (see schema()), explained for trainers."""
    if document.checked or _is_valid(document.data, name):
        return []
    import jsonschema

    problems: dict[Problem, None] = {}  # ordered and without repeats
    for error in jsonschema.Draft7Validator(schema(name)).iter_errors(document.data):
        problems.update(dict.fromkeys(_explain(document, error)))
    return list(problems)


def _name(where: tuple, instance: object = None) -> str:
    if where and isinstance(where[-1], int) and where[:-1] == ("notes",):
        note_id = instance.get("id") if isinstance(instance, dict) else None
        return f"note '{note_id}'" if isinstance(note_id, str) else f"note {where[-1] + 1}"
    if where and isinstance(where[-1], int) and where[:-1] == ("terms",):
        concept = instance.get("concept") if isinstance(instance, dict) else None
        return f"concept '{concept}'" if isinstance(concept, str) else f"concept {where[-1] + 1}"
    if len(where) > 1 and isinstance(where[-1], int) and where[-2] == "avoid":
        term = instance.get("term") if isinstance(instance, dict) else None
        return f"variant '{term}'" if isinstance(term, str) else f"variant {where[-1] + 1}"
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
        fallback = "the languages are en, tl and bg" if set(allowed) == set(LANGUAGES) else ""
        return [
            document.at(where + (key,), f"unknown key '{key}'", _suggest(key, allowed) or fallback, key=True)
            for key in error.instance
            if key not in allowed
        ]
    if kind == "required":
        # a misspelt key ("fornt") is reported once, as unknown with its "did you mean"
        misspelt = {_closest(str(key), list(error.schema.get("properties", {}))) for key in error.instance}
        missing = [key for key in error.validator_value if key not in error.instance and key not in misspelt]
        what = "language" if set(error.validator_value) == set(LANGUAGES) else "key"
        hint = "a note has either 'front' and 'back', or 'cloze'" if {"front", "back"} & set(missing) else ""
        return [document.at(where, f"missing {what} '{key}' in {name}", hint) for key in missing]
    if kind == "type" and error.instance is None and where and where[-1] in LANGUAGES:
        return [document.at(where, f"empty text for language '{where[-1]}'")]
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
        what = "key" if where[-1:] == ("key",) else "id"
        return [document.at(where, f"'{error.instance}' is not a valid {what}",
                            "use lowercase letters, digits and hyphens, e.g. 'team-player'")]
    if kind == "pattern" and "tags" in where and isinstance(error.instance, str) \
            and "" in error.instance.split("::"):
        return [document.at(where, f"tag '{error.instance}' has an empty level",
                            "Anki would add a level named 'blank'; write each level between '::', e.g. 'pay::us'")]
    if kind in ("minLength", "pattern"):
        return [document.at(where, f"{name} has an invalid value {error.instance!r}",
                            "tags are lowercase words joined by '-' or '_', with '::' between levels"
                            if "tags" in where else "")]
    if kind == "enum" and "reviewed" in where:
        return [document.at(where, f"'reviewed' lists '{error.instance}', which is not a translation",
                            "list tl, bg or both")]
    if kind == "enum":
        what = name.strip("'")
        return [document.at(where, f"unknown {what} '{error.instance}'",
                            _suggest(str(error.instance), [str(v) for v in error.validator_value])
                            or "one of: " + ", ".join(map(str, error.validator_value)))]
    if kind == "minItems":
        return [document.at(where, f"{name} is empty")]
    if kind == "minProperties" and where[:1] == ("terms",):
        return [document.at(where, f"{name} names no language", "add its term in en, tl or bg")]
    if kind == "maxLength":
        return [document.at(where, f"{name} is longer than {error.validator_value} characters")]
    if kind == "uniqueItems":
        return [document.at(where, f"{name} lists the same item twice")]
    return [document.at(where, f"{name}: {error.message}")]


def _suggest(word: str, choices: list[str]) -> str:
    close = _closest(word, choices)
    return f"did you mean '{close}'?" if close else ""


def _closest(word: str, choices: list[str]) -> str | None:
    """The choice closest to `word`, ignoring case ("EN" is "en"), if any is close enough."""
    import difflib  # only when a problem is reported

    by_case = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), list(by_case), n=1, cutoff=0.6)
    return by_case[close[0]] if close else None


def _type_of(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return _TYPE_NAMES.get({dict: "object", list: "array", str: "string"}.get(type(value), ""), type(value).__name__)


def _cross_problems(documents: list[Document], unreadable: frozenset[str],
                    readings: dict[int, tuple[cloze.Reading, ...]]) -> list[Problem]:
    """Rules across notes and files, on whatever parts of them are well formed.

    The rules that read one note alone (cloze grammar, reserved tags) are
    skipped in documents an earlier build checked (cache.py): those passed
    them. The cloze texts read on the way go into `readings`.
    """
    problems: list[Problem] = []
    courses = [d for d in documents if isinstance(d.data, dict) and "course" in d.data]
    if not courses and f"decks/{COURSE_FILE}" not in unreadable:
        problems.append(Problem(f"decks/{COURSE_FILE}", 1, 1, "missing course file",
                                f"create decks/{COURSE_FILE} with the course title and version"))
    for extra in courses[1:]:
        problems.append(extra.at(("course",), f"second course file (the first is {courses[0].path})", key=True))
    course_document = courses[0] if courses else None
    course = course_document.data["course"] if course_document and isinstance(course_document.data["course"], dict) else {}
    topic_ids = course.get("topics") if isinstance(course.get("topics"), list) else None
    source_keys = {s.get("key") for s in course.get("sources", []) if isinstance(s, dict)} \
        if isinstance(course.get("sources"), list) else None
    if course_document is not None:
        problems.extend(_course_problems(course_document, course))

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
            if topic_ids is not None and topic["id"] not in topic_ids:
                problems.append(document.at(("topic", "id"), f"topic '{topic['id']}' is not in the course's topics",
                                            _suggest(topic["id"], [t for t in topic_ids if isinstance(t, str)])
                                            or f"add it to 'topics' in decks/{COURSE_FILE}"))
        notes = data.get("notes") if isinstance(data.get("notes"), list) else []
        for index, note in enumerate(notes):
            if not isinstance(note, dict):
                continue
            if not document.checked:
                problems.extend(_grammar_problems(document, ("notes", index), note, readings))
                problems.extend(_tag_problems(document, ("notes", index, "tags"), note.get("tags")))
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
            source = note.get("source")
            if source_keys is not None and isinstance(source, dict) and isinstance(source.get("key"), str) \
                    and source["key"] not in source_keys:
                problems.append(document.at(("notes", index, "source", "key"), f"unknown source '{source['key']}'",
                                            _suggest(source["key"], sorted(k for k in source_keys if isinstance(k, str)))
                                            or f"add it to 'sources' in decks/{COURSE_FILE}"))
    problems.extend(_topic_title_problems(documents))
    return problems


_TEXT_KEYS = ("front", "back", "cloze", "extra")


def _grammar_problems(document: Document, where: tuple, note: dict,
                      readings: dict[int, tuple[cloze.Reading, ...]]) -> list[Problem]:
    """Deletions that every supported Anki reads alike, and `{{`, `}}`, `::` nowhere else."""
    problems = []
    cloze_readings: dict[str, cloze.Reading] = {}  # by language
    for key in _TEXT_KEYS:
        text = note.get(key)
        if not isinstance(text, dict):
            continue
        for language, value in text.items():
            if not isinstance(value, str):
                continue
            if key != "cloze" and "{{" not in value and "}}" not in value and "::" not in value:
                continue  # most texts: nothing cloze.read could object to
            reading = cloze.read(value, cloze=key == "cloze")
            if key == "cloze":
                cloze_readings[language] = reading
            for mistake in reading.mistakes:
                problems.append(document.inside(where + (key, language), value, mistake.offset,
                                                mistake.message, mistake.hint))
    if not problems and all(language in cloze_readings for language in LANGUAGES):
        problems.extend(_cloze_problems(document, where + ("cloze",), cloze_readings))
        readings[id(note)] = tuple(cloze_readings[language] for language in LANGUAGES)
    return problems


# Tags that mean something to Anki or to csrcards itself: "marked" and "leech"
# are Anki's, "retired" is what `retired: true` sets.
RESERVED_TAGS = {"retired": "write 'retired: true' on the note instead",
                 "marked": "Anki uses this tag for its Mark command; choose another word",
                 "leech": "Anki uses this tag for cards a learner keeps forgetting; choose another word"}


def _tag_problems(document: Document, where: tuple, tags: object) -> list[Problem]:
    if not isinstance(tags, list):
        return []
    return [document.at(where + (index,), f"tag '{tag}' is reserved", RESERVED_TAGS[tag])
            for index, tag in enumerate(tags) if isinstance(tag, str) and tag in RESERVED_TAGS]


def _course_problems(document: Document, course: dict) -> list[Problem]:
    """Deck names Anki would merge or split, and sources cited twice.

    Anki matches decks by name, ignoring case, and reads '::' in a name as a
    level of the deck tree. Learners may import every language into one
    profile, so the course titles must differ between languages.
    """
    problems: list[Problem] = []
    title = course.get("title")
    if isinstance(title, dict):
        seen: dict[str, str] = {}
        for language in LANGUAGES:
            name = title.get(language)
            if not isinstance(name, str):
                continue
            problems.extend(_deck_name_problems(document, ("course", "title", language), name))
            if name.strip().casefold() in seen:
                problems.append(document.at(
                    ("course", "title", language),
                    f"the '{language}' course title is the same as the '{seen[name.strip().casefold()]}' one",
                    "Anki would import both languages into one deck: give each language its own title, "
                    "e.g. add the language's name"))
            seen.setdefault(name.strip().casefold(), language)
    sources = course.get("sources")
    if isinstance(sources, list):
        keys: dict[str, int] = {}
        for index, source in enumerate(sources):
            key = source.get("key") if isinstance(source, dict) else None
            if isinstance(key, str) and key in keys:
                problems.append(document.at(("course", "sources", index, "key"), f"source '{key}' is listed twice",
                                            "give every source its own key"))
            if isinstance(key, str):
                keys.setdefault(key, index)
    return problems


def _deck_name_problems(document: Document, where: tuple, name: str) -> list[Problem]:
    if "::" in name:
        return [document.at(where, "a deck title cannot contain '::'",
                            "Anki reads '::' as a subdeck; use another separator, e.g. ' - '")]
    return []


def _topic_title_problems(documents: list[Document]) -> list[Problem]:
    """Two topics whose titles differ only in case would share one subdeck in Anki."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], tuple[str, Document]] = {}
    for document in documents:
        topic = document.data.get("topic") if isinstance(document.data, dict) else None
        if not (isinstance(topic, dict) and isinstance(topic.get("title"), dict) and isinstance(topic.get("id"), str)):
            continue
        for language in LANGUAGES:
            name = topic["title"].get(language)
            if not isinstance(name, str):
                continue
            problems.extend(_deck_name_problems(document, ("topic", "title", language), name))
            other = seen.setdefault((language, name.strip().casefold()), (topic["id"], document))
            if other[0] != topic["id"]:
                problems.append(document.at(("topic", "title", language),
                                            f"topics '{other[0]}' and '{topic['id']}' have the same '{language}' title "
                                            f"(ignoring case; the other is in {other[1].path})",
                                            "Anki would put both into one subdeck: give each topic its own title"))
    return problems


def _cloze_problems(document: Document, where: tuple, readings: dict[str, cloze.Reading]) -> list[Problem]:
    numbers = {language: readings[language].numbers for language in LANGUAGES}
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


def _course(documents: list[Document], readings: dict[int, tuple[cloze.Reading, ...]]) -> Course:
    raw_course = next(d.data["course"] for d in documents if "course" in d.data)
    sources = {raw["key"]: Source(raw["key"], raw["article"], _text(raw["title"]), _text(raw.get("publisher")),
                                  raw.get("year"), raw.get("url"))
               for raw in raw_course["sources"]}
    notes: dict[str, list[Note]] = {}
    topics: dict[str, dict] = {}
    for document in documents:
        if "topic" not in document.data:
            continue
        topic_id = document.data["topic"]["id"]
        topics[topic_id] = document.data["topic"]
        for index, raw in enumerate(document.data["notes"]):
            line, column = document.values[("notes", index)]
            front = _text(raw.get("cloze") or raw.get("front"))
            read = None
            if "cloze" in raw:  # read here if the note's document was checked by an earlier build
                read = readings.get(id(raw)) or tuple(cloze.read(front[language]) for language in LANGUAGES)
            note = Note(
                id=raw["id"],
                kind="cloze" if "cloze" in raw else "qa",
                front=front,
                back=_text(raw.get("back")),
                extra=_text(raw.get("extra")),
                source=Citation(sources[raw["source"]["key"]], raw["source"]["section"]),
                tags=tuple(raw.get("tags", ())),
                retired=raw.get("retired", False),
                reviewed=tuple(raw.get("reviewed", ())),
                where=Where(document.path, line, column),
                readings=read,
            )
            notes.setdefault(topic_id, []).append(note)
    # A listed topic without a file yet gets no subdeck, and no number.
    order = [topic_id for topic_id in raw_course["topics"] if topic_id in topics]
    built = tuple(Topic(topic_id, _text(topics[topic_id]["title"]), tuple(notes[topic_id]),
                        _text(topics[topic_id].get("description")), number)
                  for number, topic_id in enumerate(order, 1))
    return Course(raw_course["id"], _text(raw_course["title"]), raw_course["version"], built, tuple(sources.values()))
