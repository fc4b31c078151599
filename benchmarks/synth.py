"""A synthetic course in csrcards' own source format, at any size.

    python benchmarks/synth.py 10000 /tmp/course10k    # writes /tmp/course10k/decks/*.yaml

The notes are spread evenly over the four topics, in all three languages:
about 80% question/answer notes (front ~10 words, back ~20 words) and 20% cloze
notes (~20 words with 1-3 deletions, the same numbers in every language); some
notes have an `extra` and tags. Text is drawn from small per-language word
lists with a fixed seed, so a given size always gives the same bytes.

csrcards refuses source files over 2 MiB (`sources.MAX_FILE_BYTES`). A topic
whose file would be larger is split into several files with the same topic id
and title (decks/<topic>.yaml, decks/<topic>-part02.yaml, ...), which csrcards
accepts; at 10k notes each topic file is close to the limit, at 100k it has to
be split. The floor script reads the very same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

try:
    from csrcards.sources import MAX_FILE_BYTES
except ImportError:  # run without csrcards installed
    MAX_FILE_BYTES = 2 * 1024 * 1024

LANGUAGES = ("en", "tl", "bg")
TOPICS = {
    "soft-skills": ("ss", {"en": "Soft skills", "tl": "Soft skills", "bg": "Меки умения"}),
    "duties": ("duty", {"en": "Duties", "tl": "Mga tungkulin", "bg": "Задължения"}),
    "dos-and-donts": ("dd", {"en": "Do's and don'ts", "tl": "Mga dapat at hindi dapat gawin",
                             "bg": "Какво да правим и какво не"}),
    "salary-facts": ("pay", {"en": "Salary facts", "tl": "Mga datos sa sahod", "bg": "Факти за заплащането"}),
}
COURSE_TITLE = {"en": "Customer Service Essentials", "tl": "Mga Batayan ng Customer Service",
                "bg": "Основи на обслужването на клиенти"}
CLOZE_SHARE = 0.2
EXTRA_SHARE = 0.15
TAGS = ("daily-work", "channels", "workplaces", "strengths", "conflict", "phone", "email", "pay", "hours",
        "teamwork", "listening", "empathy")
ARTICLES = ("000_dc8d4fe2c4fa859e.txt", "001_5b1c0e2f9a7d3c44.txt", "002_77a1f0c9e3b2d615.txt",
            "003_8a02dcaa7e3ea8f1.txt")

WORDS = {
    "en": """customer service representative company caller complaint order account product refund
    policy manager team shift schedule queue ticket email phone chat answer question problem solution
    patience empathy listen explain apologise escalate resolve follow record note promise deliver
    billing payment invoice return exchange warranty delivery address password security identity
    verify confirm calmly politely clearly quickly always never usually often before after during
    while because although their every several many most some the a an of to in on for with by
    from about into through between under over without within good better best friendly helpful
    difficult angry upset satisfied loyal new regular important useful honest accurate""".split(),
    "tl": """kinatawan serbisyo kumpanya tumatawag reklamo order account produkto refund patakaran
    tagapamahala koponan shift iskedyul pila tiket email telepono chat sagot tanong problema solusyon
    pasensya pakikiramay makinig ipaliwanag humingi paumanhin lutasin sundan itala pangako ihatid
    bayarin pagbabayad resibo ibalik palitan garantiya paghahatid tirahan seguridad pagkakakilanlan
    tiyakin kumpirmahin mahinahon magalang malinaw mabilis palagi hindi kailanman karaniwan madalas
    bago pagkatapos habang dahil kahit kanilang bawat ilang marami karamihan ang ng sa mga na at para
    kay mula tungkol sa loob pagitan ilalim ibabaw wala mabuti mas pinakamahusay palakaibigan
    matulungin mahirap galit nababahala nasisiyahan tapat bago regular mahalaga kapaki-pakinabang""".split(),
    "bg": """клиент обслужване представител компания обаждане оплакване поръчка сметка продукт
    възстановяване политика мениджър екип смяна график опашка заявка имейл телефон чат отговор
    въпрос проблем решение търпение съпричастност изслушва обяснява извинява ескалира решава
    проследява записва обещава доставя фактуриране плащане фактура връщане замяна гаранция доставка
    адрес парола сигурност самоличност проверява потвърждава спокойно учтиво ясно бързо винаги
    никога обикновено често преди след докато защото въпреки техния всеки няколко много повечето
    някои на за в с от по към през между под над без добър по-добър най-добър приветлив полезен
    труден ядосан разстроен доволен лоялен нов редовен важен точен честен""".split(),
}
SECTION_WORDS = "Ang isang kinatawan ng serbisyo sa customer Mga Mabilis na Katotohanan Araw Buhay".split()


def _sentence(rng: random.Random, language: str, count: int, end: str) -> str:
    words = [rng.choice(WORDS[language]) for _ in range(count)]
    words[0] = words[0].capitalize()
    return " ".join(words) + end


def _cloze(rng: random.Random, language: str, count: int, numbers: list[int]) -> str:
    words = [rng.choice(WORDS[language]) for _ in range(count)]
    words[0] = words[0].capitalize()
    # Put deletion n around 1-3 words at evenly spread, non-overlapping spots.
    step = count // (len(numbers) + 1)
    for index, number in enumerate(numbers):
        start = step * (index + 1)
        width = min(rng.randint(1, 3), step - 1) or 1
        words[start] = f"{{{{c{number}::" + words[start]
        words[start + width - 1] += "}}"
    return " ".join(words) + "."


def _text_block(key: str, texts: dict[str, str], quote: bool = False) -> list[str]:
    lines = [f"    {key}:"]
    for language in LANGUAGES:
        value = json.dumps(texts[language], ensure_ascii=False) if quote else texts[language]
        lines.append(f"      {language}: {value}")
    return lines


def note_yaml(rng: random.Random, note_id: str) -> str:
    """One note entry, as a trainer would write it."""
    lines = [f"  - id: {note_id}"]
    if rng.random() < CLOZE_SHARE:
        numbers = list(range(1, rng.randint(1, 3) + 1))
        count = rng.randint(16, 24)
        lines += _text_block("cloze", {lang: _cloze(rng, lang, count, numbers) for lang in LANGUAGES}, quote=True)
    else:
        front = rng.randint(8, 12)
        back = rng.randint(16, 24)
        lines += _text_block("front", {lang: _sentence(rng, lang, front, "?") for lang in LANGUAGES})
        lines += _text_block("back", {lang: _sentence(rng, lang, back, ".") for lang in LANGUAGES})
    if rng.random() < EXTRA_SHARE:
        extra = rng.randint(8, 14)
        lines += _text_block("extra", {lang: _sentence(rng, lang, extra, ".") for lang in LANGUAGES})
    lines += ["    source:", f"      key: source-{ARTICLES.index(rng.choice(ARTICLES))}",
              f"      section: {' '.join(rng.choice(SECTION_WORDS) for _ in range(rng.randint(3, 7)))}"]
    tags = rng.sample(TAGS, rng.randint(0, 2))
    if tags:
        lines.append(f"    tags: [{', '.join(tags)}]")
    return "\n".join(lines) + "\n\n"


def _header(topic: str) -> str:
    title = TOPICS[topic][1]
    return ("# yaml-language-server: $schema=../csrcards/schema/decks.schema.json\n"
            f"topic:\n  id: {topic}\n  title:\n"
            + "".join(f"    {lang}: {json.dumps(title[lang], ensure_ascii=False)}\n" for lang in LANGUAGES)
            + "notes:\n")


def write_course(root: Path, notes: int, seed: int = 0, max_file_bytes: int = MAX_FILE_BYTES) -> list[Path]:
    """Write decks/course.yaml and the topic files under `root`; return their paths."""
    decks = root / "decks"
    decks.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    course = decks / "course.yaml"
    course.write_text("course:\n  id: bench\n  title:\n"
                      + "".join(f"    {lang}: {COURSE_TITLE[lang]}\n" for lang in LANGUAGES)
                      + '  version: "bench"\n'
                      + f"  topics: [{', '.join(TOPICS)}]\n  sources:\n"
                      + "".join(f"    - key: source-{index}\n      article: {article}\n"
                                f"      title: {{en: Article {index}, tl: Artikulo {index}, bg: Статия {index}}}\n"
                                for index, article in enumerate(ARTICLES)), "utf-8")
    written = [course]
    limit = max_file_bytes - 4096  # headroom for a benchmark edit
    for index, (topic, (prefix, _)) in enumerate(TOPICS.items()):
        count = notes // len(TOPICS) + (1 if index < notes % len(TOPICS) else 0)
        header = _header(topic).encode("utf-8")
        chunks = [note_yaml(rng, f"{prefix}-{serial:06d}").encode("utf-8") for serial in range(count)]
        # As few files as fit under the limit, with about the same number of notes each.
        parts = max(1, -(-sum(map(len, chunks)) // (limit - len(header))))
        while True:
            per = -(-len(chunks) // parts)
            groups = [chunks[i:i + per] for i in range(0, len(chunks), per)] or [[]]
            if all(len(header) + sum(map(len, g)) <= limit for g in groups):
                break
            parts += 1
        for part, group in enumerate(groups, 1):
            path = decks / (f"{topic}.yaml" if part == 1 else f"{topic}-part{part:02d}.yaml")
            path.write_bytes(header + b"".join(group))
            written.append(path)
    return written


_EN_LINE = re.compile(r"^(      en: )(.*)$", re.MULTILINE)


def edit_one_note(root: Path, mark: str) -> Path:
    """Change the English text of the first note in the first topic file."""
    path = root / "decks" / f"{next(iter(TOPICS))}.yaml"
    text = path.read_text("utf-8")
    lines = text.split("\n")
    start = lines.index("notes:")
    for number in range(start, len(lines)):
        match = _EN_LINE.match(lines[number])
        if match:
            value = match.group(2)
            if value.startswith('"'):
                value = json.dumps(json.loads(value)[:-1] + f" {mark}.", ensure_ascii=False)
            else:
                value = f"{value[:-1]} {mark}{value[-1]}"
            lines[number] = match.group(1) + value
            break
    path.write_text("\n".join(lines), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes", type=int, help="number of notes (e.g. 100, 1000, 10000, 100000)")
    parser.add_argument("root", type=Path, help="project folder; decks/ is created inside")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for path in write_course(args.root, args.notes, args.seed):
        print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
