"""What a learner meets: the course order in "Study Now", and cards that fit a phone.

These import the shipped decks into one profile with the real Anki engine,
as a learner who studies in all three languages would.
"""

from __future__ import annotations

import re

import pytest

from csrcards import LANGUAGES, pipeline

from .conftest import REPO, import_apkg


@pytest.fixture(scope="module")
def course():
    return pipeline.load(REPO)


def test_study_now_on_the_course_deck_follows_the_course_order_in_every_language(shipped, anki, course):
    shipped.build()
    for language in LANGUAGES:
        import_apkg(anki, shipped.apkg(language))
    for language in LANGUAGES:
        parent = anki.decks.id_for_name(course.title[language])
        config = anki.decks.config_dict_for_deck_id(parent)
        config["new"]["perDay"] = 9999
        anki.decks.update_config(config)
        anki.decks.select(parent)
        queued = anki.sched.get_queued_cards(fetch_limit=9999).cards
        topics = [anki.decks.name(anki.get_card(q.card.id).did).split("::")[1] for q in queued]
        expected = [f"{topic.number}. {topic.title[language]}" for topic in course.topics]
        seen = list(dict.fromkeys(topics))
        assert seen == expected, f"{language}: new cards come in the order {seen}"
        assert len(topics) == sum(note.card_count for note in course.notes)


ARTIFACTS = REPO / "tests" / "artifacts"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def _longest_cards(anki, course, language: str) -> list:
    """Per topic, the card whose answer is longest: the one most likely to overflow."""
    from .conftest import note_id

    chosen = []
    for topic in course.topics:
        cards = [card for note in topic.notes
                 for card in anki.get_note(note_id(anki, note.id, language, course.id)).cards()]
        chosen.append(max(cards, key=lambda card: len(card.answer())))
    return chosen


# Anki's reviewer puts a 40 px replay button where the engine leaves [anki:play:...].
REPLAY = ('<a class="replay-button soundLink" href="#"><svg class="playImage" viewBox="0 0 64 64" '
          'style="width: 40px; height: 40px"><circle cx="32" cy="32" r="29" fill="#e6e6e6" />'
          '<path d="M56.5,32.3l-37.5,20.1l0.3,-40.8l37.2,20.7Z" fill="#555" /></svg></a>')


def _page(side_html: str, night: bool) -> str:
    """A card side as Anki's reviewer lays it out: the card HTML (with its <style>) in a .card body."""
    classes = "card card1" + (" nightMode night_mode" if night else "")
    side_html = re.sub(r"\[anki:play:[qa]:\d+\]", REPLAY, side_html)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f'<body class="{classes}"><div id="qa">{side_html}</div></body></html>')


def test_the_real_engines_cards_fit_a_phone_screen_without_sideways_scrolling(shipped, anki, course, browser,
                                                                               tmp_path):
    import base64

    shipped.build()
    for language in LANGUAGES:
        import_apkg(anki, shipped.apkg(language))
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    ARTIFACTS.mkdir(exist_ok=True)
    checked = 0
    for language in LANGUAGES:
        for index, card in enumerate(_longest_cards(anki, course, language)):
            for night in (False, True):
                page = tmp_path / f"{language}-{index}-{night}.html"
                page.write_text(_page(card.answer(), night), "utf-8")
                browser.get(page.as_uri())
                overflow = browser.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{language} card {card.id} is {overflow}px wider than a phone"
                checked += 1
                if index == 0:
                    shot = browser.execute_cdp_cmd("Page.captureScreenshot",
                                                   {"format": "png", "captureBeyondViewport": True})
                    name = f"card-{language}-{'night' if night else 'light'}.png"
                    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))
    assert checked == len(LANGUAGES) * len(course.topics) * 2
