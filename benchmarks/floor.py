"""The floor: the least work that turns decks/*.yaml into three .apkg files.

    python benchmarks/floor.py PROJECT [--out DIR]     # DIR defaults to PROJECT/build-floor

It parses every decks/*.yaml with libyaml (`yaml.load(..., Loader=yaml.CSafeLoader)`)
and writes the same notes with bare genanki: per language one question/answer
and one cloze note type, one deck per topic, and `genanki.Package(...).write_to_file`.
No validation, no line marks, no HTML escaping, no lock. The fields are the
ones csrcards fills (the text, the English wording on tl and bg cards, the
source), so both write about the same amount of data. csrcards' distance
from this is what its own work costs.
"""

import argparse
import sys
from pathlib import Path

import genanki
import yaml

LANGUAGES = ("en", "tl", "bg")
QA_FIELDS = ["Front", "Back", "Extra", "EnglishFront", "EnglishBack", "EnglishExtra", "Source", "Status"]
CLOZE_FIELDS = ["Text", "Extra", "EnglishText", "EnglishExtra", "Source", "Status"]


def note_types(language: str, offset: int) -> tuple[genanki.Model, genanki.Model]:
    qa = genanki.Model(
        1_600_000_000_100 + offset, f"floor QA ({language})",
        fields=[{"name": name} for name in QA_FIELDS],
        templates=[{"name": "Question", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<div>{{Extra}}</div>"
                            "<div>{{EnglishFront}} {{EnglishBack}} {{EnglishExtra}}</div>{{Source}}"}])
    cloze = genanki.Model(
        1_600_000_000_200 + offset, f"floor Cloze ({language})",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                    "afmt": "{{cloze:Text}}<div>{{Extra}}</div><div>{{cloze:EnglishText}} {{EnglishExtra}}</div>"
                            "{{Source}}"}],
        model_type=genanki.Model.CLOZE)
    return qa, cloze


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or args.project / "build-floor"
    out.mkdir(parents=True, exist_ok=True)

    course, topics = None, {}
    for path in sorted((args.project / "decks").glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=yaml.CSafeLoader)
        if "course" in data:
            course = data["course"]
        else:
            title, notes = topics.setdefault(data["topic"]["id"], (data["topic"]["title"], []))
            notes.extend(data["notes"])

    for offset, language in enumerate(LANGUAGES):
        english = language != "en"
        qa, cloze = note_types(language, offset)
        decks = []
        for number, (topic, (title, notes)) in enumerate(topics.items()):
            deck = genanki.Deck(1_700_000_000_000 + offset * 100 + number,
                                f"{course['title'][language]}::{title[language]}")
            for note in notes:
                extra = note.get("extra") or {}
                source = f"{note['source']['key']} · {note['source']['section']} · {note['id']}"
                if "cloze" in note:
                    text = note["cloze"]
                    fields = [text[language], extra.get(language, ""), text["en"] if english else "",
                              extra.get("en", "") if english else "", source, ""]
                    model = cloze
                else:
                    front, back = note["front"], note["back"]
                    fields = [front[language], back[language], extra.get(language, ""),
                              front["en"] if english else "", back["en"] if english else "",
                              extra.get("en", "") if english else "", source, ""]
                    model = qa
                deck.add_note(genanki.Note(model=model, fields=fields, tags=[topic, *note.get("tags", ())],
                                           guid=genanki.guid_for(note["id"], language)))
            decks.append(deck)
        genanki.Package(decks).write_to_file(out / f"floor-{language}.apkg")
    print(f"floor: {sum(len(notes) for _, notes in topics.values())} notes x {len(LANGUAGES)} languages -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
