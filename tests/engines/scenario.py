"""A learner's life with the decks, on whichever Anki engine runs this script.

    python tests/engines/scenario.py DIR

DIR holds what tests/engines/prepare.py wrote with csrcards: two releases of
the decks (v1/, v2/) and claims.json, csrcards' own account of every note and
card. For each importer this engine has (the legacy one of Anki 2.1.x, the
newer one), and for each language, the script:

1. imports release 1 into an empty collection: the notes and cards are the
   ones csrcards claimed, and Anki's own card generation adds none;
2. renders every card: each front and back reads as csrcards claims, no
   front shows its own answer, and no side shows `{{`, `}}` or `::`;
3. reviews a card, and edits a note the trainer will leave alone;
4. imports release 2 over it: the trainer's edited note changes in place and
   keeps its review history, the learner's edit stays, the new CSS reaches
   the note types, and no note, note type or deck is doubled.

It prints one line per engine and importer, `pass` or `FAIL: why`, and exits
non-zero on any failure. It uses only the standard library and API calls that
every Anki from 2.1.36 on has (the older camelCase name where the newer one
is missing), so the same script runs on every engine of `.ci/engines`.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import tempfile
import traceback

_STYLE = re.compile(r"<style>.*?</style>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PLAY = re.compile(r"\[anki:play:[qa]:\d+\]")
_PROMPT = re.compile(r'<div class="(prompt|answer)">(.*?)</div>', re.S)


def visible(fragment: str) -> str:
    """What a learner reads in an HTML fragment: no tags, entities decoded, spaces collapsed."""
    text = _TAG.sub("", _PLAY.sub("", _STYLE.sub("", fragment.replace("<br>", " "))))
    return " ".join(html.unescape(text).split())


def shown_text(card_html: str, side: str) -> str:
    """The visible text of the card's own text block: the prompt, or a question's answer."""
    blocks = dict((kind, inner) for kind, inner in reversed(_PROMPT.findall(card_html)))
    if side == "answer" and "answer" in blocks:
        return visible(blocks["answer"])
    if "prompt" not in blocks:
        raise Failure(f"no card text in the render (a template error?): {visible(card_html)[:120]!r}")
    return visible(blocks["prompt"])


class Failure(Exception):
    pass


def _call(target, new: str, old: str, *args):
    """Call the method by its current name, or by its Anki 2.1.x name."""
    return getattr(target, new if hasattr(target, new) else old)(*args)


def engine_version() -> str:
    try:
        from anki.buildinfo import version
    except ImportError:
        from anki import version
    return version


def importers(collection) -> list[str]:
    """The package importers learners use on this engine.

    Anki 2.1.x imports with its legacy importer (the only one before 2.1.50,
    an option until 2.1.66); from 2.1.50 on there is also the newer one, the
    only one from 23.10 on.
    """
    names = ["legacy"] if engine_version().startswith("2.") else []
    if hasattr(collection, "import_anki_package"):
        names.append("new")
    return names


def import_package(collection, path: str, importer: str) -> None:
    if importer == "legacy":
        import anki.lang
        from anki.importing.apkg import AnkiPackageImporter

        if getattr(anki.lang, "current_i18n", True) is None and hasattr(anki.lang, "set_lang"):
            try:
                anki.lang.set_lang("en")  # 2.1.5x logs through it
            except TypeError:
                anki.lang.set_lang("en", "")
        AnkiPackageImporter(collection, path).run()
        return
    try:
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    except ImportError:  # 2.1.50 to 2.1.66 take the path alone
        collection.import_anki_package(path)
        return
    request = ImportAnkiPackageRequest(package_path=path, options=ImportAnkiPackageOptions())
    collection.import_anki_package(request)


def _notes_by_guid(collection) -> dict[str, int]:
    return dict(collection.db.all("SELECT guid, id FROM notes"))


def check_release(collection, claims: dict) -> None:
    """The notes, cards and renders of the collection are those csrcards claimed."""
    guids = _notes_by_guid(collection)
    if set(guids) != set(claims["notes"]):
        raise Failure(f"{len(guids)} notes in the collection, {len(claims['notes'])} claimed")
    expected_cards = sum(len(note["cards"]) for note in claims["notes"].values())
    if _call(collection, "card_count", "cardCount") != expected_cards:
        raise Failure(f"{_call(collection, 'card_count', 'cardCount')} cards, {expected_cards} claimed")
    collection.after_note_updates(list(guids.values()), mark_modified=False, generate_cards=True)
    if _call(collection, "card_count", "cardCount") != expected_cards:
        raise Failure("Anki's own card generation added cards csrcards did not count")
    for guid, note_claim in claims["notes"].items():
        note = _call(collection, "get_note", "getNote", guids[guid])
        cards = {card.ord + 1: card for card in note.cards()}
        if sorted(cards) != sorted(int(n) for n in note_claim["cards"]):
            raise Failure(f"note {note_claim['id']}: cards {sorted(cards)}, claimed {sorted(note_claim['cards'])}")
        for number, card_claim in note_claim["cards"].items():
            check_card(cards[int(number)], note_claim["id"], number, card_claim)


def check_card(card, note: str, number: str, claim: dict) -> None:
    where = f"note {note}, card {number}"
    question = _call(card, "question", "q")
    answer = _call(card, "answer", "a")
    front, back = shown_text(question, "question"), shown_text(answer, "answer")
    if front != claim["front"]:
        raise Failure(f"{where}: the front reads {front!r}, csrcards claims {claim['front']!r}")
    if back != claim["back"]:
        raise Failure(f"{where}: the back reads {back!r}, csrcards claims {claim['back']!r}")
    for hidden in claim["hidden"]:
        if hidden in front:
            raise Failure(f"{where}: the front shows its own answer {hidden!r}")
    for side, rendered in (("front", question), ("back", answer)):
        for raw in ("{{", "}}", "::"):
            if raw in visible(rendered):
                raise Failure(f"{where}: the {side} shows {raw!r}: {visible(rendered)[:120]!r}")


def deck_names(collection) -> list[str]:
    decks = collection.decks
    if hasattr(decks, "all_names_and_ids"):
        return sorted(deck.name for deck in decks.all_names_and_ids())
    return sorted(decks.allNames())


def review_first_card(collection, deck: str):
    """Answer the first card of the course deck with Good; returns the card's id."""
    decks = collection.decks
    deck_id = _call(decks, "id_for_name", "id", deck) if hasattr(decks, "id_for_name") else decks.id(deck)
    decks.select(deck_id)
    card = _call(collection.sched, "getCard", "getCard")
    if card is None:
        raise Failure("no card to review in the course deck")
    card.start_timer() if hasattr(card, "start_timer") else card.startTimer()
    collection.sched.answerCard(card, 3)
    return card.id


def run_language(importer: str, folder: str, language: str, claims: dict) -> None:
    from anki.collection import Collection

    scratch = tempfile.mkdtemp(prefix=f"learner-{language}-")
    v1, v2 = (os.path.join(folder, release, claims["package"]) for release in ("v1", "v2"))
    path = os.path.join(scratch, "collection.anki2")
    collection = Collection(path)
    try:
        import_package(collection, v1, importer)
        check_release(collection, claims["v1"])
        reviewed = review_first_card(collection, claims["deck"])
        guids = _notes_by_guid(collection)
        mine = _call(collection, "get_note", "getNote", guids[claims["learner_edits"]])
        mine[claims["learner_field"]] = "my own mnemonic"
        collection.update_note(mine) if hasattr(collection, "update_note") else mine.flush()
        notetypes_before = len(collection.models.all())
        decks_before = deck_names(collection)

        import_package(collection, v2, importer)
        collection.close()  # and open it again, as after a restart: no cached note types
        collection = Collection(path)
        check_release(collection, claims["v2"])
        after = _notes_by_guid(collection)
        if after != guids:
            raise Failure("release 2 added or replaced notes instead of updating them in place")
        edited = _call(collection, "get_note", "getNote", guids[claims["trainer_edits"]])
        if edited[claims["trainer_field"]] != claims["trainer_value"]:
            raise Failure(f"the trainer's edit did not arrive: {edited[claims['trainer_field']]!r}")
        if _call(collection, "get_note", "getNote", mine.id)[claims["learner_field"]] != "my own mnemonic":
            raise Failure("the learner's own edit was overwritten")
        card = _call(collection, "get_card", "getCard", reviewed)
        reviews = collection.db.scalar("SELECT count() FROM revlog WHERE cid = ?", reviewed)
        if card.reps != 1 or reviews != 1:
            raise Failure(f"review history lost: {card.reps} reps, {reviews} log entries")
        if len(collection.models.all()) != notetypes_before:
            raise Failure("release 2 added a second copy of a note type")
        if deck_names(collection) != decks_before:
            raise Failure("release 2 added decks")
        for notetype_id in claims["notetypes"]:
            if claims["css_marker"] not in collection.models.get(int(notetype_id))["css"]:
                raise Failure(f"the new CSS did not reach note type {notetype_id}")
    finally:
        collection.close()


def main(folder: str) -> int:
    from anki.collection import Collection

    with open(os.path.join(folder, "claims.json"), encoding="utf-8") as handle:
        claims = json.load(handle)
    probe = Collection(os.path.join(tempfile.mkdtemp(prefix="probe-"), "collection.anki2"))
    available = importers(probe)
    probe.close()
    version, failed = engine_version(), False
    for importer in available:
        try:
            for language, language_claims in claims["languages"].items():
                try:
                    run_language(importer, folder, language, language_claims)
                except Failure as failure:
                    raise Failure(f"{language}: {failure}") from None
        except Failure as failure:
            print(f"anki {version}, {importer} importer: FAIL: {failure}", flush=True)
            failed = True
        except Exception:  # an engine that cannot run the scenario at all fails it too
            print(f"anki {version}, {importer} importer: FAIL: {traceback.format_exc()}", flush=True)
            failed = True
        else:
            counts = [f"{language} {len(c['v1']['notes'])} notes" for language, c in claims["languages"].items()]
            print(f"anki {version}, {importer} importer: pass ({', '.join(counts)})", flush=True)
    if not available:
        print(f"anki {version}: FAIL: no package importer found", flush=True)
    return 1 if failed or not available else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1])))
