"""Find the card sources, read them as UTF-8 and parse them with line marks.

Parsing stops at YAML's node graph (``yaml.compose``): nothing is ever
constructed from a tag, so no Python object can be created and nothing in a
source file is executed. The nodes are then turned into plain data (dicts,
lists, strings, numbers, booleans) by hand, remembering where each value and
each key stands, so that later stages can point at the offending text.
"""

from __future__ import annotations

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

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_SCALARS = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    "tag:yaml.org,2002:str": lambda node: unicodedata.normalize("NFC", node.value),
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:null": lambda node: None,
}

Path_ = tuple  # a location in a document: keys and list indexes from the root


@dataclass
class Document:
    """One parsed source file: its data, and where every value and key is."""

    path: str
    data: object
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, where: Path_, message: str, hint: str = "", key: bool = False) -> Problem:
        """A problem located at the value (or, with key=True, the key) at `where`."""
        marks = self.keys if key else self.values
        spot = tuple(where)
        while spot not in marks and spot:
            spot = spot[:-1]
        line, column = marks.get(spot, (1, 1))
        return Problem(self.path, line, column, message, hint)


def read(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one source file. Returns the document or its problems."""
    try:
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
    return parse(text, shown)


def parse(text: str, shown: str) -> tuple[Document | None, list[Problem]]:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(shown, line, column, f"YAML syntax error: {message}")]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 1, 1, f"YAML error: {error}")]
    document = Document(shown, None)
    if root is None:
        return None, [Problem(shown, 1, 1, "file is empty")]
    problems: list[Problem] = []
    document.data = _plain(root, (), document, problems, set())
    return (None if problems else document), problems


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _plain(node: yaml.Node, where: Path_, doc: Document, problems: list[Problem], seen: set[int]) -> object:
    doc.values[where] = _mark(node)
    if id(node) in seen:
        # compose() hands back the very same node for an alias: refuse them, so
        # that a small file can never expand into a huge one.
        problems.append(doc.at(where, "YAML anchors and aliases are not allowed in card sources",
                               "write the text out in full"))
        return None
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(doc.at(where, f"YAML tag '{tag}' is not allowed: card sources are plain data",
                               "remove the tag"))
        return None
    if len(where) > MAX_DEPTH:
        problems.append(doc.at(where, f"nesting deeper than {MAX_DEPTH} levels"))
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _CONSTRUCT:
            problems.append(doc.at(where, "expected a single value here"))
            return None
        return _CONSTRUCT[node.tag](node)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, where + (i,), doc, problems, seen) for i, item in enumerate(node.value)]
    mapping: dict[str, object] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            doc.keys[where + ("?",)] = _mark(key_node)
            problems.append(doc.at(where + ("?",), "keys must be plain words", key=True))
            continue
        key = key_node.value
        doc.keys[where + (key,)] = _mark(key_node)
        if key in mapping:
            problems.append(doc.at(where + (key,), f"duplicate key '{key}'", key=True))
            continue
        mapping[key] = _plain(value_node, where + (key,), doc, problems, seen)
    return mapping
