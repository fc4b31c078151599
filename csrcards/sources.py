"""Read the card sources as UTF-8 and parse them with line marks.

Parsing reads libyaml's event stream and builds plain data (dicts, lists,
strings, numbers, booleans) from it directly, remembering where each value and
key stands so that later stages can point at the offending text. Nothing is
ever constructed from a YAML tag, so no Python object can be created and
nothing in a source file is executed. The builder is iterative: a hostile file
can neither exhaust the stack with deep nesting nor expand an alias bomb,
because anchors and aliases are refused outright.

Before parsing, the raw text is checked for what YAML would accept but a
trainer never means: a byte-order mark, mixed line endings, control
characters and bidirectional overrides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_SCALARS = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    _STR: lambda value: unicodedata.normalize("NFC", value),
    "tag:yaml.org,2002:int": lambda value: _SCALARS.construct_yaml_int(yaml.ScalarNode("", value)),
    "tag:yaml.org,2002:float": lambda value: _SCALARS.construct_yaml_float(yaml.ScalarNode("", value)),
    "tag:yaml.org,2002:bool": lambda value: _SCALARS.construct_yaml_bool(yaml.ScalarNode("", value)),
    "tag:yaml.org,2002:null": lambda value: None,
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", None, "!"}

# C0/C1 controls (but tab, line feed, carriage return), DEL, and the Unicode
# bidirectional embeddings, overrides and isolates that can make text read
# differently from how it is stored.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Path_ = tuple  # a location in a document: keys and list indexes from the root


@dataclass
class Document:
    """One parsed source file: its data, and where its values and keys are.

    A line mark for every value would cost more memory than the data itself,
    and most builds never report a position. So parsing records the marks
    every build uses (top-level keys, each note and its id), and the first
    question about any other position parses the text again with all marks.
    """

    path: str
    data: object
    text: str = ""
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    offsets: dict[Path_, int] = field(default_factory=dict)  # where each value starts in `text`
    not_nfc: list[Path_] = field(default_factory=list)  # texts that were normalised to NFC
    checked: bool = False  # passed its own schema checks in an earlier build (cache.py)
    findings: list[Problem] | None = None  # its consistency findings, when known
    complete: bool = False  # every value and key has its mark

    def at(self, where: Path_, message: str, hint: str = "", key: bool = False) -> Problem:
        """A problem located at the value (or, with key=True, the key) at `where`."""
        spot = tuple(where)
        if spot not in (self.keys if key else self.values):
            self._complete()
        marks = self.keys if key else self.values
        while spot not in marks and spot:
            spot = spot[:-1]
        line, column = marks.get(spot, (1, 1))
        return Problem(self.path, line, column, message, hint)

    def offset(self, where: Path_) -> int | None:
        """Where the value at `where` starts in the text, if known."""
        self._complete()
        return self.offsets.get(tuple(where))

    def _complete(self) -> None:
        if self.complete or not self.text:
            return
        marked = Document(self.path, None, self.text, complete=True)
        _Builder(marked, []).run(_Loader(self.text))
        self.values, self.keys, self.offsets, self.complete = marked.values, marked.keys, marked.offsets, True

    def at_offset(self, offset: int, message: str, hint: str = "") -> Problem:
        """A problem at a character offset of the file's text."""
        line, column = position(self.text, offset)
        return Problem(self.path, line, column, message, hint)

    def inside(self, where: Path_, value: str, index: int, message: str, hint: str = "") -> Problem:
        """A problem at character `index` of the text value at `where`, located in the file if it can be.

        The value is the text after YAML read it (quotes, escapes and folding
        undone), so the character is found by its context in the file, from
        where the value starts; failing that, the problem points at the value.
        """
        start = self.offset(where)
        if start is not None:
            context = value[max(0, index - 8):index + 8]
            found = self.text.find(context, start)
            if found >= 0:
                return self.at_offset(found + min(index, 8), message, hint)
        return self.at(where, message, hint)


def position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read(path: Path, shown: str, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one source file. Returns the document or its problems."""
    try:
        if root is not None and path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                return None, [Problem(shown, 1, 1, "link to a file outside the project",
                                      "copy the file into decks/ instead of linking to it")]
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(shown, 1, 1, f"file is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                        "split it into several deck files")
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 1, 1, f"cannot read file: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(shown, line, column, f"file is not UTF-8 (byte 0x{raw[error.start]:02x})",
                    "save the file with UTF-8 encoding")
        ]
    problems = _text_problems(text, shown)
    if problems:
        return None, problems
    return parse(text, shown)


def _text_problems(text: str, shown: str) -> list[Problem]:
    problems = []
    if text.startswith("\ufeff"):
        problems.append(Problem(shown, 1, 1, "file starts with a byte-order mark", "save it as UTF-8 without BOM"))
    crlf = text.find("\r\n")
    if crlf >= 0 and text.count("\n") != text.count("\r\n"):
        lone = next(m.start() for m in re.finditer("\n", text) if m.start() == 0 or text[m.start() - 1] != "\r")
        line, _ = position(text, lone)
        problems.append(Problem(shown, line, 1, "mixed line endings: this line ends in LF, others in CRLF",
                                "save the file with one kind of line ending"))
    for match in _FORBIDDEN.finditer(text):
        line, column = position(text, match.start())
        name = unicodedata.name(match.group(), "control character")
        problems.append(Problem(shown, line, column, f"invisible character U+{ord(match.group()):04X} ({name.lower()})",
                                "delete it"))
    return problems


def parse(text: str, shown: str) -> tuple[Document | None, list[Problem]]:
    document = Document(shown, None, text)
    problems: list[Problem] = []
    try:
        document.data = _Builder(document, problems).run(_Loader(text))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        hint = "indent with spaces, not tabs" if mark and text[mark.index:mark.index + 1] == "\t" else ""
        return None, [Problem(shown, line, column, f"YAML syntax error: {message}", hint)]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 1, 1, f"YAML error: {error}")]
    if problems:
        return None, problems
    if document.data is None:
        return None, [Problem(shown, 1, 1, "file is empty")]
    return document, []


def _mark(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Frame:
    """A mapping or list being built, and where it is."""

    def __init__(self, value: dict | list, where: Path_, start: yaml.Event):
        self.value, self.where, self.start = value, where, start
        self.key: object = None  # a mapping's current key, until its value arrives
        self.has_key = False


class _Builder:
    def __init__(self, document: Document, problems: list[Problem]):
        self.doc, self.problems = document, problems
        self.stack: list[_Frame] = []
        self.root: object = None

    def run(self, loader) -> object:
        documents = 0
        try:
            while loader.check_event():
                event = loader.get_event()
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self.problems.append(Problem(self.doc.path, *_mark(event), "more than one YAML document",
                                                     "remove the '---' line"))
                        break
                elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent,
                                        yaml.MappingStartEvent)):
                    if not self._start(event):
                        break
                elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    frame = self.stack.pop()
                    self._place(frame.value, frame.where, frame.start)
        finally:
            loader.dispose()
        return self.root

    def _where(self) -> Path_:
        """The path of the next value, and whether it is a mapping key."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return frame.where + (len(frame.value),)
        return frame.where + (frame.key if frame.has_key else "?",)

    def _start(self, event) -> bool:
        frame = self.stack[-1] if self.stack else None
        is_key = frame is not None and isinstance(frame.value, dict) and not frame.has_key
        where = frame.where + ("?",) if is_key else self._where()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self._problem(event, "YAML anchors and aliases are not allowed in card sources",
                          "write the text out in full")
            if isinstance(event, yaml.AliasEvent):
                self._place(None, where, event)
                return True
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else None
            if tag is None:
                tag = _STR if event.tag == "!" else _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag not in _CONSTRUCT:
                self._problem(event, f"YAML tag '{_short(tag)}' is not allowed: card sources are plain data",
                              "remove the tag")
                value = None
            else:
                value = _CONSTRUCT[tag](event.value)
                if tag == _STR and value != event.value and not is_key:
                    self.doc.not_nfc.append(where)
            self._place(value, where, event)
            return True
        if event.tag not in _COLLECTION_TAGS:
            self._problem(event, f"YAML tag '{_short(event.tag)}' is not allowed: card sources are plain data",
                          "remove the tag")
        if len(self.stack) >= MAX_DEPTH:
            self._problem(event, f"nesting deeper than {MAX_DEPTH} levels")
            return False
        self._mark_value(where, event, is_key)
        container = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Frame(container, where, event))
        return True

    def _mark_value(self, where: Path_, event, is_key: bool) -> None:
        if is_key:
            return
        if self.doc.complete:
            self.doc.values.setdefault(where, _mark(event))
            self.doc.offsets.setdefault(where, event.start_mark.index)
        elif len(where) <= 2 or where[-1] == "id":
            self.doc.values.setdefault(where, _mark(event))

    def _place(self, value: object, where: Path_, event) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            self.root = value
            if event is not None:
                self._mark_value(where, event, False)
            return
        if isinstance(frame.value, list):
            if event is not None:
                self._mark_value(where, event, False)
            frame.value.append(value)
            return
        if not frame.has_key:
            frame.key, frame.has_key = value, True
            if isinstance(value, str):
                key_where = frame.where + (value,)
                if event is not None and (self.doc.complete or len(key_where) <= 1):
                    self.doc.keys[key_where] = _mark(event)
                if value in frame.value:
                    self.problems.append(self.doc.at(key_where, f"duplicate key '{value}'", key=True))
                    frame.key = None
            else:
                if event is not None:
                    self.problems.append(Problem(self.doc.path, *_mark(event), "keys must be plain words"))
                frame.key = None
            return
        if isinstance(frame.key, str):
            if event is not None:
                self._mark_value(frame.where + (frame.key,), event, False)
            frame.value[frame.key] = value
        frame.key, frame.has_key = None, False

    def _problem(self, event, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.doc.path, *_mark(event), message, hint))


def _short(tag: str | None) -> str:
    return (tag or "").replace("tag:yaml.org,2002:", "!!")
