"""`csrcards preview`: the proof sheet shows the cards Anki shows, offline and escaped.

The browser test drives Debian's chromium headless through selenium and its
system chromedriver; it leaves a screenshot in tests/artifacts/preview.png.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from csrcards import ids, pipeline
from csrcards.preview import Flag, cards, flags, page

from .conftest import import_apkg, read_collection

LANGUAGES = ("en", "tl", "bg")
SCREENSHOT = Path(__file__).parent / "artifacts" / "preview.png"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _preview(project, *args: str) -> str:
    result = project.run("preview", *args)
    assert result.exit_code == 0, result.output
    return (project.root / "build" / "preview" / "index.html").read_text("utf-8")


def _anki_side(html: str) -> str:
    """A side as the Anki engine renders it, without the stylesheet; TTS as a marker."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"\[anki:play:[qa]:\d+\]", "(play)", html)


def _preview_side(html: str) -> str:
    return re.sub(r'<span class="pv-play"[^>]*>.*?</span>', "(play)", html)


@pytest.mark.parametrize("course_root", ["project", "shipped"])
def test_preview_shows_every_card_as_the_anki_engine_renders_it(request, anki, course_root):
    sample = request.getfixturevalue(course_root)
    if course_root == "project":
        sample.edit("salary-facts.yaml", "{{c2::15,81 долара}}", "{{c2::15,81 долара::сума}}")
    sample.build()
    course = pipeline.load(sample.root)
    compared = 0
    for language in LANGUAGES:
        import_apkg(anki, sample.apkg(language))
        for note in course.notes:
            nid = anki.db.scalar("SELECT id FROM notes WHERE guid = ?", ids.note_guid(course.id, note.id, language))
            by_number = {card.ord + 1: card for card in anki.get_note(nid).cards()}
            shown = cards(course, note, language)
            assert sorted(card.number for card in shown) == sorted(by_number)
            for card in shown:
                assert _preview_side(card.front) == _anki_side(by_number[card.number].question())
                assert _preview_side(card.back) == _anki_side(by_number[card.number].answer())
                compared += 1
    assert compared == 3 * sum(note.card_count for note in course.notes)


def test_cloze_hint_shows_on_the_front_only(project):
    project.edit("salary-facts.yaml", "{{c2::15,81 долара}}", "{{c2::15,81 долара::сума}}")
    course = pipeline.load(project.root)
    note = next(n for n in course.notes if n.id == "median-pay")
    first, second = cards(course, note, "bg")
    assert '<span class="cloze-inactive" data-ordinal="2">15,81&nbsp;долара</span>' in first.front
    assert '">[сума]</span>' in second.front and "15,81&nbsp;долара</span>" not in second.front
    assert '<span class="cloze" data-ordinal="2">15,81&nbsp;долара</span>' in second.back


def test_preview_command_reports_the_page(project):
    result = project.run("preview", "--out", "proof", "decks/salary-facts.yaml")
    assert result.exit_code == 0
    assert result.stdout == "proof/index.html: 2 notes, 3 cards per language\n"
    assert [p.name for p in (project.root / "proof").iterdir()] == ["index.html"]


def test_preview_is_offline_and_escapes_everything_from_the_sources(project):
    project.edit("soft-skills.yaml", "en: Why listen actively?", "en: Why <script>alert(1)</script> listen?")
    project.edit("soft-skills.yaml", "section: Soft skills", "section: <b onclick=x>Skills</b>")
    project.edit("soft-skills.yaml", "en: Soft skills", 'en: Soft <img src="x" onerror="alert(2)">')
    html = _preview(project)
    assert not re.search(r"https?:", html)
    assert re.findall(r'\b(?:src|href)="([^"#][^"]*)"', html) == []
    assert html.count("<script") == 1  # the page's own switcher
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=&quot;x&quot;" in html
    assert "<b onclick" not in html and "&lt;b onclick=x&gt;Skills&lt;/b&gt;" in html


def test_preview_flags_figures_that_differ_from_english(project):
    project.edit("salary-facts.yaml", "bg: Около 2 785 000.", "bg: Около 2 875 000.")
    html = _preview(project)
    assert '<li class="flag flag-figures">bg: back: figures [2875000] but English has [2785000]</li>' in html
    assert '<a href="#note-employed">employed</a>' in html


def test_preview_flags_missing_texts_and_notes_marked_stale(project):
    course = pipeline.load(project.root)
    listen = next(n for n in course.notes if n.id == "listen")
    broken = listen._replace(back=listen.back._replace(tl=" "))
    assert flags(broken, stale={("listen", "bg")}) == [
        Flag("missing", "tl", "back: no Tagalog text"),
        Flag("stale", "bg", "the Bulgarian text is marked stale"),
    ]
    topics = tuple(t._replace(notes=tuple(broken if n is listen else n for n in t.notes)) for t in course.topics)
    html = page(course._replace(topics=topics), stale={("listen", "bg")})
    assert '<li class="flag flag-missing">tl: back: no Tagalog text</li>' in html
    assert '<li class="flag flag-stale">bg: the Bulgarian text is marked stale</li>' in html


def test_preview_names_the_text_of_a_note_that_is_missing(project):
    course = pipeline.load(project.root)
    median, calm = (next(n for n in course.notes if n.id == id_) for id_ in ("median-pay", "calm"))
    no_tagalog = median._replace(front=median.front._replace(tl=""), readings=None)  # new text, read anew
    assert flags(no_tagalog) == [Flag("missing", "tl", "cloze: no Tagalog text")]
    assert flags(calm._replace(front=calm.front._replace(bg=""), extra=calm.extra._replace(bg=""))) == [
        Flag("missing", "bg", "front: no Bulgarian text"), Flag("missing", "bg", "extra: no Bulgarian text")]


def test_sample_course_has_no_flags(project):
    assert "No flags: every text is there and the figures agree." in _preview(project)


def test_preview_in_a_browser_shows_every_card_and_switches_language(project, browser, tmp_path):
    from selenium.webdriver.common.by import By

    project.build()
    deck_cards = {language: read_collection(project.apkg(language), tmp_path).execute(
        "SELECT count() FROM cards").fetchone()[0] for language in LANGUAGES}
    _preview(project)
    browser.get((project.root / "build" / "preview" / "index.html").as_uri())

    def visible() -> list:
        return [card for card in browser.find_elements(By.CSS_SELECTOR, ".pv-card") if card.is_displayed()]

    def languages(shown: list) -> set[str]:
        return {card.find_element(By.XPATH, "ancestor::div[@data-language]").get_attribute("data-language")
                for card in shown}

    english = visible()
    assert len(english) == deck_cards["en"] == 5
    assert languages(english) == {"en"}

    browser.find_element(By.CSS_SELECTOR, '.pv-switch button[data-show="bg"]').click()
    bulgarian = visible()
    assert len(bulgarian) == deck_cards["bg"]
    assert languages(bulgarian) == {"bg"}
    assert all(CYRILLIC.search(card.text) for card in bulgarian)
    assert browser.find_element(By.CSS_SELECTOR, "h1 .pv-title[lang=bg]").text == "Примерен курс"

    browser.find_element(By.CSS_SELECTOR, '.pv-switch button[data-show="all"]').click()
    assert len(visible()) == sum(deck_cards.values())
    whole_page = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.write_bytes(base64.b64decode(whole_page["data"]))


def test_preview_help_has_examples(project):
    result = project.run("preview", "--help")
    assert result.exit_code == 0
    assert re.search(r"Examples:\n +csrcards preview", result.stdout)


def test_preview_command_flags_the_translations_an_english_edit_left_stale(project):
    project.build()
    project.edit("soft-skills.yaml", "en: Why listen actively?", "en: Why should you listen actively?")
    html = _preview(project)
    assert '<li class="flag flag-stale">tl: the Tagalog text is marked stale</li>' in html
    assert '<li class="flag flag-stale">bg: the Bulgarian text is marked stale</li>' in html
