"""The JSON Schemas shipped for editors are valid and are the ones the tool uses."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from csrcards.layout import source_paths, terms_path
from csrcards.validate import schema

from .conftest import REPO


@pytest.mark.parametrize("name", ["decks", "terms"])
def test_shipped_schema_is_valid_draft_7(name):
    jsonschema.Draft7Validator.check_schema(schema(name))


def test_every_source_file_points_editors_at_its_shipped_schema():
    for path, name in [(path, "decks") for path in source_paths(REPO)] + [(terms_path(REPO), "terms")]:
        first = path.read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../csrcards/schema/{name}.schema.json", path.name
        assert (path.parent / f"../csrcards/schema/{name}.schema.json").resolve().exists()


def test_shipped_decks_satisfy_the_schema_as_an_editor_reads_them():
    validator = jsonschema.Draft7Validator(schema())
    for path in source_paths(REPO):
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
        assert errors == [], path.name


def test_schema_rejects_a_typo_an_editor_would_underline():
    validator = jsonschema.Draft7Validator(schema())
    document = {"topic": {"id": "duties", "title": {"en": "a", "tl": "b", "bg": "c"}},
                "notes": [{"id": "x", "fornt": {"en": "a", "tl": "b", "bg": "c"},
                           "back": {"en": "a", "tl": "b", "bg": "c"}, "source": {"key": "a", "section": "b"}}]}
    assert sorted(e.validator for e in validator.iter_errors(document)) == ["additionalProperties", "required"]


def test_shipped_termbase_satisfies_its_schema_as_an_editor_reads_it():
    document = yaml.safe_load(terms_path(REPO).read_text("utf-8"))
    assert [e.message for e in jsonschema.Draft7Validator(schema("terms")).iter_errors(document)] == []


def test_termbase_schema_rejects_what_an_editor_would_underline():
    validator = jsonschema.Draft7Validator(schema("terms"))
    document = {"terms": [{"concept": "the field", "en": {"use": "customer service",
                                                          "avoid": [{"term": "customer care", "whay": "typo"}]}},
                          {"concept": "no language"}]}
    assert sorted((tuple(e.absolute_path), e.validator) for e in validator.iter_errors(document)) == [
        (("terms", 0, "en", "avoid", 0), "additionalProperties"),
        (("terms", 0, "en", "avoid", 0), "required"),
        (("terms", 1), "minProperties"),
    ]
