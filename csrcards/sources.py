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
characters, bidirectional overrides, and git's conflict markers.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import LANGUAGES, conflicts
from .errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
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

_NEWLINE = re.compile("\n")
_OTHER_BREAKS = re.compile("\r(?!\n)|[\u2028\u2029]")  # line breaks to libyaml besides LF and CRLF (NEL is forbidden)

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
    question about any other position parses the text again with all marks:
    only the lines of the note it is about, where that note reads back the
    same on its own, or else the whole file.
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
    derived: dict | None = None  # what builds work out from its notes alone (pipeline.derived), when known
    complete: bool = False  # every value and key has its mark
    complete_notes: set[int] = field(default_factory=set)  # notes (by index) whose values and keys have their marks
    line_starts: list[int] | None = field(default=None, repr=False)  # where each line starts in `text`, once needed
    loader: type = _Loader  # the parser that read it (libyaml, or the pure-Python one where libyaml stopped)

    def at(self, where: Path_, message: str, hint: str = "", key: bool = False) -> Problem:
        """A problem located at the value (or, with key=True, the key) at `where`."""
        spot = tuple(where)
        if spot not in (self.keys if key else self.values):
            self._complete(spot)
        marks = self.keys if key else self.values
        while spot not in marks and spot:
            spot = spot[:-1]
        line, column = marks.get(spot, (1, 1))
        return Problem(self.path, line, column, message, hint)

    def offset(self, where: Path_) -> int | None:
        """Where the value at `where` starts in the text, if known."""
        spot = tuple(where)
        self._complete(spot)
        return self.offsets.get(spot)

    def _complete(self, where: Path_ = ()) -> None:
        """Mark every value and key of the note `where` is in, or failing that of the whole file."""
        if self.complete or not self.text:
            return
        if len(where) >= 2 and where[0] == "notes" and isinstance(where[1], int):
            if where[1] in self.complete_notes or self._complete_note(where[1]):
                return
        marked = Document(self.path, None, self.text, complete=True)
        _Builder(marked, []).run(self.loader(self.text))
        self.values, self.keys, self.offsets, self.complete = marked.values, marked.keys, marked.offsets, True

    def _complete_note(self, index: int) -> bool:
        """Mark the values and keys of note `index` by parsing only its lines; False if it cannot be read alone.

        A note's lines run from the line its mapping starts on to the line the
        next note starts on. They are read as a document of their own (a list
        of one note, at the same indentation), and kept only if that note is
        exactly the one the whole file gave, so a note written any other way
        (flow style, two on a line, the last note before other keys) is left
        to the whole file.
        """
        notes = self.data.get("notes") if isinstance(self.data, dict) else None
        if not isinstance(notes, list) or not 0 <= index < len(notes) or not isinstance(notes[index], dict):
            return False
        start, following = self.values.get(("notes", index)), self.values.get(("notes", index + 1))
        if start is None or (following is None and index + 1 < len(notes)):
            return False
        if self.line_starts is None:  # libyaml also counts a lone CR, LS and PS as line breaks: then no line starts
            other = _OTHER_BREAKS.search(self.text)
            self.line_starts = [] if other else [0, *(match.end() for match in _NEWLINE.finditer(self.text))]
        if not self.line_starts:
            return False
        begin = self.line_starts[start[0] - 1]
        end = self.line_starts[following[0] - 1] if following else len(self.text)
        marked = Document(self.path, None, self.text[begin:end], complete=True)
        problems: list[Problem] = []
        try:
            read = _Builder(marked, problems).run(self.loader(marked.text))
        except yaml.YAMLError:
            return False
        if problems or read != [notes[index]]:
            return False
        lines = start[0] - 1
        for where, (line, column) in marked.values.items():
            if where[:1] == (0,):
                spot = ("notes", index, *where[1:])
                self.values.setdefault(spot, (line + lines, column))
                self.offsets.setdefault(spot, marked.offsets[where] + begin)
        for where, (line, column) in marked.keys.items():
            if where[:1] == (0,):
                self.keys.setdefault(("notes", index, *where[1:]), (line + lines, column))
        if following:  # where the next note starts bounds this one's last value, as in a reading of the whole file
            self.offsets.setdefault(("notes", index + 1), end + following[1] - 1)
        self.complete_notes.add(index)
        return True

    def at_offset(self, offset: int, message: str, hint: str = "") -> Problem:
        """A problem at a character offset of the file's text."""
        line, column = position(self.text, offset)
        return Problem(self.path, line, column, message, hint)

    def inside(self, where: Path_, value: str, index: int, message: str, hint: str = "") -> Problem:
        """A problem at a character of the text value at `where`, located in the file if it can be."""
        start = self.offset(where)
        if start is None:
            return self.at(where, message, hint)
        end = min((offset for offset in self.offsets.values() if offset > start), default=len(self.text))
        if self.text.startswith("|", start):  # a literal block: each line of the value is a line of the file
            for _ in range(value.count("\n", 0, index)):
                start = self.text.find("\n", start, end) + 1 or start
        # The text as written: between the value's start and the next value,
        # find the same context on the same line of the value, or failing
        # that the text from the character on (YAML may fold a long line).
        line_start, line_end = value.rfind("\n", 0, index) + 1, value.find("\n", index)
        left, right = max(line_start, index - 8), min(index + 8, len(value) if line_end < 0 else line_end)
        for context, before in ((value[left:right], index - left), (value[index:right], 0)):
            found = self.text.find(context, start, end)
            if found >= 0:
                return self.at_offset(found + before, message, hint)
        return self.at(where, message, hint)

    def texts(self) -> Iterator[tuple[Path_, dict]]:
        """Every en/tl/bg text map in the document, with where it is, in the file's order."""
        pending: list[tuple[object, Path_]] = [(self.data, ())]  # a stack: the next value on top
        while pending:
            value, where = pending.pop()
            if isinstance(value, dict):
                if len(value) == len(LANGUAGES) and all(isinstance(value.get(language), str)
                                                        for language in LANGUAGES):
                    yield where, value
                else:
                    pending.extend((item, where + (key,)) for key, item in reversed(value.items()))
            elif isinstance(value, list):
                pending.extend((item, where + (index,)) for index, item in reversed(list(enumerate(value))))


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
    problems = [Problem(shown, line, 1, "git's conflict markers: this merge conflict is not resolved yet",
                        "keep the lines both sides need, delete the marker lines, then build")
                for line in conflicts.conflict_lines(text)]
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
    """Parse one file's text; returns the document, or every problem found in it.

    libyaml does the parsing. A file of plain data, as trainers write them,
    is read in one quick pass (`_read_plain`); anything else, and every file
    with a problem, is read by `_Builder`, which reports it. When libyaml
    stops, the text is read again by PyYAML's pure-Python parser, which keeps
    csrcards' own limits as it scans (`_LimitedLoader`), so what the trainer
    is told, and where, is the same whichever libyaml is installed, and
    csrcards' limits are met first.
    """
    document = _read_plain(text, shown)
    if document is not None:
        return document, []
    if _Loader is not yaml.SafeLoader:  # without libyaml, the pure-Python reader below is the only one
        try:
            return _parse_with(_Loader, text, shown)
        except yaml.YAMLError:
            pass
    try:
        return _parse_with(_LimitedLoader, text, shown)
    except _TooDeep as error:
        return None, [Problem(shown, *error.at, f"nesting deeper than {MAX_DEPTH} levels")]
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(text, shown, error)]
    except yaml.YAMLError:
        return None, [Problem(shown, 1, 1, "YAML syntax error: the file cannot be read as YAML")]


def _parse_with(loader, text: str, shown: str) -> tuple[Document | None, list[Problem]]:
    document = Document(shown, None, text, loader=loader)
    problems: list[Problem] = []
    document.data = _Builder(document, problems).run(loader(text))
    if problems:
        return None, problems
    if document.data is None:
        return None, [Problem(shown, 1, 1, "file is empty")]
    return document, []


class _Unusual(Exception):
    """Something `_read_plain` leaves to `_Builder`."""


_EVENT_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_FIRST_CHARACTERS = frozenset(key for key in _RESOLVER.yaml_implicit_resolvers if key is not None)
_NO_KEY = object()  # a mapping waits for its next key


def _read_plain(text: str, shown: str) -> Document | None:
    """The document, if the file is plain data without a problem; None for anything else.

    This is `_Builder` for the files trainers write, at about twice its speed:
    one loop over libyaml's events, with the path of a value built only
    where a mark is kept. It gives the same data, marks and NFC findings.
    Whatever it does not expect (a tag, an anchor or alias, a key that is not
    text or is repeated, deep nesting, a second document, a syntax error) it
    leaves to `_Builder`, which reports it.
    """
    loader = _Loader(text)
    try:
        return _plain_events(loader, Document(shown, None, text))
    except (_Unusual, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _plain_events(loader, document: Document) -> Document:
    values, keys, not_nfc = document.values, document.keys, document.not_nfc
    next_event = loader.get_event
    # Local names for what the loop looks up for every event.
    scalar, mapping, sequence, ends = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, _EVENT_END
    resolvable, resolve, construct, intern, nfc = _FIRST_CHARACTERS, _RESOLVER.resolve, _CONSTRUCT, sys.intern, \
        unicodedata.normalize
    no_key = _NO_KEY
    root = container = None
    key: object = no_key
    outer: list[tuple] = []  # the (container, key) of each enclosing collection
    path: list = []  # where `container` is: keys and list indexes from the root
    documents = 0
    while True:
        event = next_event()
        kind = event.__class__
        if kind is scalar:
            if event.anchor is not None or event.tag is not None or container is None:
                raise _Unusual
            value = event.value
            text = True
            if event.implicit[0] and value[:1] in resolvable:  # may read as a number, true, null...
                tag = resolve(yaml.ScalarNode, value, event.implicit)
                if tag != _STR and tag != _TIMESTAMP:
                    if tag not in construct:
                        raise _Unusual
                    value, text = construct[tag](value), False
            changed = False
            if text and not value.isascii():
                normal = nfc("NFC", value)
                changed, value = normal != value, normal
            if container.__class__ is dict:
                if key is no_key:
                    if not text or value in container:
                        raise _Unusual
                    key = intern(value)  # "en", "front", "id": one copy each, not one per note
                    if not path:
                        keys[(value,)] = (event.start_mark.line + 1, event.start_mark.column + 1)
                    continue
                container[key] = value
                if len(path) < 2 or key == "id":
                    values.setdefault((*path, key), (event.start_mark.line + 1, event.start_mark.column + 1))
                if changed:
                    not_nfc.append((*path, key))
                key = no_key
            else:
                if len(path) < 2:
                    values.setdefault((*path, len(container)), (event.start_mark.line + 1, event.start_mark.column + 1))
                if changed:
                    not_nfc.append((*path, len(container)))
                container.append(value)
        elif kind is mapping or kind is sequence:
            if event.anchor is not None or event.tag is not None or len(outer) >= MAX_DEPTH:
                raise _Unusual
            new: dict | list = {} if kind is mapping else []
            mark = (event.start_mark.line + 1, event.start_mark.column + 1)
            if container is None:
                if root is not None:
                    raise _Unusual
                root = new
                values[()] = mark
            elif container.__class__ is dict:
                if key is no_key:
                    raise _Unusual  # a list or mapping as a key
                if len(path) < 2 or key == "id":
                    values.setdefault((*path, key), mark)
                container[key] = new
                path.append(key)
            else:
                if len(path) < 2:
                    values.setdefault((*path, len(container)), mark)
                path.append(len(container))
                container.append(new)
            outer.append((container, key))
            container, key = new, no_key
        elif kind in ends:
            container, key = outer.pop()
            if container is not None:
                path.pop()
                key = no_key
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
        elif kind is yaml.StreamEndEvent:
            break
        elif kind is not yaml.DocumentEndEvent and kind is not yaml.StreamStartEvent:
            raise _Unusual  # an alias
    if root is None:
        raise _Unusual
    document.data = root
    return document


class _TooDeep(yaml.YAMLError):
    def __init__(self, at: tuple[int, int]):
        super().__init__()
        self.at = at


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, refusing nesting deeper than MAX_DEPTH as it scans.

    The scanner reads a run of opening brackets ahead of the events the
    builder sees, and libyaml has a nesting limit of its own: the depth is
    checked here, where each level opens, so csrcards' limit always comes
    first.
    """

    def _deeper(self) -> None:
        if self.flow_level + len(self.indents) >= MAX_DEPTH:
            mark = self.get_mark()
            raise _TooDeep((mark.line + 1, mark.column + 1))

    def fetch_flow_collection_start(self, TokenClass) -> None:
        self._deeper()
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        if column > self.indent:
            self._deeper()
        return super().add_indent(column)


# Characters that YAML reads as syntax at the start of an unquoted value.
_INDICATORS = {"*": "a reference to another value", "&": "a label for reuse", "!": "a type marker",
               "|": "the start of a block of lines", ">": "the start of a block of lines",
               "%": "a directive", "@": "reserved syntax", "`": "reserved syntax"}
_QUOTE_HINT = "put the text in quotes"

_VALUE = re.compile(r"\s*(?:-\s+)*(?:[\w-]+:(?:\s+|$))?")


def syntax_problem(text: str, shown: str, error: yaml.MarkedYAMLError) -> Problem:
    """csrcards' own words for where and why a text is not valid YAML.

    The parser's message changes between PyYAML and libyaml versions; what is
    said here is worked out from the text at the parser's marks.
    """
    marks = [m for m in (error.problem_mark, error.context_mark) if m is not None]
    if not marks:
        return Problem(shown, 1, 1, "YAML syntax error: the file cannot be read as YAML")
    lines = text.split("\n")
    for mark in marks:
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in line[:len(line) - len(line.lstrip(" \t"))]:
            return Problem(shown, mark.line + 1, line.index("\t") + 1, "YAML syntax error: a tab in the indentation",
                           "indent with spaces, not tabs")
        found = _unquoted_text_problem(line)
        if found:
            column, what, hint = found
            return Problem(shown, mark.line + 1, column + 1, f"YAML syntax error: {what}", hint)
    mark = marks[-1] if error.context_mark is not None else marks[0]
    opener = text[mark.index:mark.index + 1]
    if error.context_mark is not None and opener in "[{\"'":
        kind = {"[": "list", "{": "mapping"}.get(opener)
        what = f"the {kind} that starts here is not closed" if kind else "the quoted text that starts here is not closed"
        hint = "check the commas and the closing bracket" if kind else "end it with the same quote mark"
        return Problem(shown, mark.line + 1, mark.column + 1, f"YAML syntax error: {what}", hint)
    first = marks[0]
    return Problem(shown, first.line + 1, first.column + 1,
                   "YAML syntax error: this does not fit the structure around it",
                   "check the indentation of this line and the line before it")


def _unquoted_text_problem(line: str) -> tuple[int, str, str] | None:
    """Where an unquoted value on this line holds what YAML reads as syntax, what, and the hint."""
    column = _VALUE.match(line).end()
    value = line[column:].rstrip()
    if not value:
        return None
    first = value[0]
    if first in _INDICATORS:
        return column, f"text that starts with '{first}' means {_INDICATORS[first]} to YAML", _QUOTE_HINT
    if first in "\"'":
        closing = value.find(first, 1)
        while first == "'" and closing + 1 < len(value) and value[closing + 1:closing + 2] == "'":
            closing = value.find(first, closing + 2)
        rest = value[closing + 1:].strip() if closing > 0 else ""
        if rest and not rest.startswith("#") and rest not in ",]}":
            quoted = "'" + value.replace("'", "''") + "'"
            return column, "text goes on after its closing quote", f"put the whole text in single quotes: {quoted}"
        return None
    if first in "[{":
        return None
    if re.search(r":(\s|$)", value):
        return column, "a colon followed by a space inside unquoted text", _QUOTE_HINT
    return None


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
                if tag == _TIMESTAMP:
                    tag = _STR  # YAML 1.2 has no dates: `section: 2018-04-13` is text, as written
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
