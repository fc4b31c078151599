"""Fuzzing: whatever a source file holds, check and build end with exit 0 or 1.

Never a traceback, and any deck a build does write imports into the real Anki
engine with every card rendering. CI runs a bounded number of examples; set
CSRCARDS_FUZZ_EXAMPLES (e.g. 2000) for a longer run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrcards.cli import main

from .conftest import FIXTURE_DECKS, REPO, import_apkg

EXAMPLES = int(os.environ.get("CSRCARDS_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("CSRCARDS_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SHIPPED = sorted((REPO / "decks").glob("*.yaml"))


def _run_in_course(files: dict[str, bytes], import_decks: bool = True) -> None:
    """Check and build a course made of the sample decks plus `files`; assert the property."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "decks").mkdir()
        for path in FIXTURE_DECKS.glob("*.yaml"):
            shutil.copy(path, root / "decks" / path.name)
        for name, data in files.items():
            (root / "decks" / name).write_bytes(data)
        cwd = os.getcwd()
        os.chdir(root)
        try:
            for command in (["check"], ["build"]):
                result = CliRunner().invoke(main, command, env={"SOURCE_DATE_EPOCH": "1700000000"})
                assert result.exit_code in (0, 1), (command, result.output, result.exception)
                assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
                assert "Traceback" not in result.output
        finally:
            os.chdir(cwd)
        if result.exit_code == 0 and import_decks:
            _import_every_deck(root)


def _import_every_deck(root: Path) -> None:
    from anki.collection import Collection

    for apkg in sorted((root / "build").glob("*.apkg")):
        collection = Collection(str(root / f"{apkg.stem}.anki2"))
        try:
            log = import_apkg(collection, apkg)
            assert not log.conflicting
            for card_id in collection.find_cards(""):
                card = collection.get_card(card_id)
                assert card.question() and card.answer()
        finally:
            collection.close()


_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
_anything = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)


@FUZZ
@given(_anything)
def test_random_yaml_never_crashes(document):
    _run_in_course({"fuzz.yaml": yaml.safe_dump(document, allow_unicode=True).encode("utf-8")}, import_decks=False)


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=40)
_languages = st.fixed_dictionaries({"en": _text, "tl": _text, "bg": _text},
                                   optional={"fr": _text})
_note = st.fixed_dictionaries(
    {"id": st.from_regex(r"\A[a-z][a-z0-9-]{0,12}\Z") | st.text(max_size=8),
     "source": st.fixed_dictionaries({"key": st.just("job-profile"), "section": _text})},
    optional={"front": _languages, "back": _languages, "cloze": _languages, "extra": _languages,
              "tags": st.lists(st.from_regex(r"\A[a-z0-9][a-z0-9_:-]{0,8}\Z") | _text, max_size=3),
              "retired": st.booleans() | _text},
)
_topic_file = st.fixed_dictionaries({
    "topic": st.fixed_dictionaries({"id": st.sampled_from(["duties", "dos-and-donts", "nope"]),
                                    "title": _languages}),
    "notes": st.lists(_note, min_size=0, max_size=5),
})


@FUZZ
@given(_topic_file)
def test_schema_shaped_documents_never_crash_and_built_decks_import(document):
    _run_in_course({"fuzz.yaml": yaml.safe_dump(document, allow_unicode=True).encode("utf-8")})


@FUZZ
@given(st.sampled_from(SHIPPED), st.data())
def test_shipped_files_mutated_byte_by_byte_never_crash(path, data):
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del raw[at:at + data.draw(st.integers(1, 50))]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=8))
    _run_in_course({path.name: bytes(raw)})


@FUZZ
@given(st.sampled_from(SHIPPED), st.data())
def test_shipped_files_mutated_key_by_key_never_crash(path, data):
    document = yaml.safe_load(path.read_text("utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        target = document
        while isinstance(target, (dict, list)) and target and data.draw(st.booleans()):
            keys = list(target) if isinstance(target, dict) else list(range(len(target)))
            inner = target[data.draw(st.sampled_from(keys))]
            if not isinstance(inner, (dict, list)) or not inner:
                break
            target = inner
        if isinstance(target, dict) and target:
            key = data.draw(st.sampled_from(sorted(target, key=str)))
            action = data.draw(st.sampled_from(["drop", "rename", "retype"]))
            if action == "drop":
                del target[key]
            elif action == "rename":
                target[data.draw(st.text(min_size=1, max_size=8))] = target.pop(key)
            else:
                target[key] = data.draw(_scalars | st.lists(_scalars, max_size=2))
        elif isinstance(target, list) and target:
            target[data.draw(st.integers(0, len(target) - 1))] = data.draw(_anything)
    _run_in_course({path.name: yaml.safe_dump(document, allow_unicode=True).encode("utf-8")})
