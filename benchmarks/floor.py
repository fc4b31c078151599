"""The floor: the least work that turns decks/*.yaml into the three .apkg files csrcards writes.

    python benchmarks/floor.py PROJECT [--out DIR]     # DIR defaults to PROJECT/build-floor

It parses every card source in decks/ with libyaml (`yaml.load(..., Loader=yaml.CSafeLoader)`)
and writes the same notes with bare genanki: per language one question/answer
and one cloze note type with csrcards' fields, the course deck with one
subdeck per topic in the course's order, and `genanki.Package(...).write_to_file`.
Every note has csrcards' GUID (course id, note id, language), tags (under the
course id), due position, fields (the text, on tl and bg cards the English
text too, the source line learners see) and so its cards. No validation, no
line marks, no HTML escaping or markup, no lock, no warnings, and short
templates without CSS. csrcards' distance from this is what its own work costs.
"""

import argparse
import sys
from pathlib import Path

import genanki
import yaml

LANGUAGES = ("en", "tl", "bg")
TERMS_FILE = "terms.yaml"  # the termbase: no cards
SOURCE_LABEL = {"en": "Source", "tl": "Pinagkunan", "bg": "Източник"}


def note_types(language: str, offset: int) -> tuple[genanki.Model, genanki.Model]:
    english = language != "en"
    qa_fields = ["Front", "Back", "Extra"] + (["EnglishFront", "EnglishBack", "EnglishExtra"] if english else [])
    cloze_fields = ["Text", "Extra"] + (["EnglishText", "EnglishExtra"] if english else [])
    qa = genanki.Model(
        1_600_000_000_100 + offset, f"floor QA ({language})",
        fields=[{"name": name} for name in qa_fields + ["Source", "Status"]],
        templates=[{"name": "Question", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<div>{{Extra}}</div>"
                            + ("<div>{{EnglishFront}} {{EnglishBack}} {{EnglishExtra}}</div>" if english else "")
                            + "{{Source}}"}])
    cloze = genanki.Model(
        1_600_000_000_200 + offset, f"floor Cloze ({language})",
        fields=[{"name": name} for name in cloze_fields + ["Source", "Status"]],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                    "afmt": "{{cloze:Text}}<div>{{Extra}}</div>"
                            + ("<div>{{cloze:EnglishText}} {{EnglishExtra}}</div>" if english else "")
                            + "{{Source}}"}],
        model_type=genanki.Model.CLOZE)
    return qa, cloze


def source_line(source: dict, language: str) -> str:
    """What learners read under the answer: "Source: <title> (<publisher>, <year>)"."""
    about = [part for part in ((source.get("publisher") or {}).get(language), source.get("year")) if part]
    return f"{SOURCE_LABEL[language]}: {source['title'][language]}" + (
        f" ({', '.join(map(str, about))})" if about else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or args.project / "build-floor"
    out.mkdir(parents=True, exist_ok=True)

    course, topics = None, {}
    for path in sorted((args.project / "decks").glob("*.yaml")):
        if path.name == TERMS_FILE:
            continue
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=yaml.CSafeLoader)
        if "course" in data:
            course = data["course"]
        else:
            title, notes = topics.setdefault(data["topic"]["id"], (data["topic"]["title"], []))
            notes.extend(data["notes"])

    course_id, sources = course["id"], {source["key"]: source for source in course["sources"]}
    order = [topic for topic in course["topics"] if topic in topics]
    width = len(str(len(order)))
    for offset, language in enumerate(LANGUAGES):
        english = language != "en"
        qa, cloze = note_types(language, offset)
        decks = [genanki.Deck(1_700_000_000_000 + offset * 100, course["title"][language], f"Version {course['version']}")]
        lines = {key: source_line(source, language) for key, source in sources.items()}
        position = 0
        for number, topic in enumerate(order, 1):
            title, notes = topics[topic]
            deck = genanki.Deck(1_700_000_000_000 + offset * 100 + number,
                                f"{course['title'][language]}::{number:0{width}d}. {title[language]}")
            for note in notes:
                extra = note.get("extra") or {}
                if "cloze" in note:
                    text = note["cloze"]
                    fields = [text[language], extra.get(language, "")]
                    fields += [text["en"], extra.get("en", "")] if english else []
                    model = cloze
                else:
                    front, back = note["front"], note["back"]
                    fields = [front[language], back[language], extra.get(language, "")]
                    fields += [front["en"], back["en"], extra.get("en", "")] if english else []
                    model = qa
                fields += [lines[note["source"]["key"]], "retired" if note.get("retired") else ""]
                tags = [topic, *note.get("tags", ())] + (["retired"] if note.get("retired") else [])
                deck.add_note(genanki.Note(model=model, fields=fields, tags=[f"{course_id}::{tag}" for tag in tags],
                                           guid=genanki.guid_for(course_id, note["id"], language), due=position))
                position += 1
            decks.append(deck)
        genanki.Package(decks).write_to_file(out / f"floor-{language}.apkg")
    print(f"floor: {sum(len(notes) for _, notes in topics.values())} notes x {len(LANGUAGES)} languages -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
