"""The JSON Schema shipped for editors is valid and is the one the tool uses."""

from __future__ import annotations

import jsonschema
import yaml

from csrcards.validate import schema

from .conftest import REPO


def test_shipped_schema_is_valid_draft_7():
    jsonschema.Draft7Validator.check_schema(schema())


def test_every_deck_file_points_editors_at_the_shipped_schema():
    for path in sorted((REPO / "decks").glob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../csrcards/schema/decks.schema.json", path.name
        assert (path.parent / "../csrcards/schema/decks.schema.json").resolve().exists()


def test_shipped_decks_satisfy_the_schema_as_an_editor_reads_them():
    validator = jsonschema.Draft7Validator(schema())
    for path in sorted((REPO / "decks").glob("*.yaml")):
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
        assert errors == [], path.name


def test_schema_rejects_a_typo_an_editor_would_underline():
    validator = jsonschema.Draft7Validator(schema())
    document = {"topic": {"id": "duties", "title": {"en": "a", "tl": "b", "bg": "c"}},
                "notes": [{"id": "x", "fornt": {"en": "a", "tl": "b", "bg": "c"},
                           "back": {"en": "a", "tl": "b", "bg": "c"}, "source": {"key": "a", "section": "b"}}]}
    assert sorted(e.validator for e in validator.iter_errors(document)) == ["additionalProperties", "required"]
