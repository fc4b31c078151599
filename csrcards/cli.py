"""The command line: thin wiring over the pipeline.

This is the one place where problems in the sources become exit code 1 (click
gives usage errors exit code 2). Heavy modules (genanki, jsonschema) are
imported inside the commands, so `csrcards --help` starts fast.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import CardsError
from .model import LANGUAGES


def _now() -> int:
    """The build time for new or edited content: SOURCE_DATE_EPOCH if set."""
    return int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())


def _fail(error: CardsError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
    sys.exit(1)


def _warn(warnings: list) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="csrcards")
def main() -> None:
    """Compile trilingual customer-service cards (decks/*.yaml) into Anki decks.

    \b
    Examples:
      csrcards check                  validate decks/*.yaml, write nothing
      csrcards build                  build/csrcards-{en,tl,bg}.apkg
      csrcards build --lang bg        only the Bulgarian deck
      csrcards stats                  notes and cards per topic and language
    """


@main.command()
@click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES),
              help="Build only this language (repeatable). Default: en, tl and bg.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder for the .apkg files.")
@click.option("--force", is_flag=True, help="Rebuild even if no source, option or lock changed since the last build.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def build(languages: tuple[str, ...], out: Path, force: bool, files: tuple[str, ...]) -> None:
    """Build one .apkg per language from decks/*.yaml (or the FILES given).

    Updates decks/csrcards.lock, which records when each note last changed:
    commit it with the sources. A build whose sources, lock, options and
    packages are exactly those of the last build is skipped.

    \b
    Examples:
      csrcards build
      csrcards build --lang tl --lang bg
      csrcards build --out dist decks/duties.yaml
    """
    from . import pipeline

    try:
        report = pipeline.build(Path.cwd(), out, languages or LANGUAGES, files, _now(), force=force)
    except CardsError as error:
        _fail(error)
    for deck in report.decks:
        changes = ", ".join(f"{deck.changes[state]} {state}" for state in ("new", "edited", "unchanged"))
        click.echo(f"{deck.path}: {deck.notes} notes, {deck.cards} cards ({changes})")
    _warn(report.warnings)
    for note_id in report.removed:
        click.echo(f"warning: note '{note_id}' is no longer in the sources; learners who imported it keep it "
                   "(an .apkg cannot delete notes). Put it back with 'retired: true' to mark it for deletion.",
                   err=True)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def check(files: tuple[str, ...]) -> None:
    """Validate the sources and the lock; write nothing.

    \b
    Examples:
      csrcards check
      csrcards check decks/soft-skills.yaml
    """
    from . import pipeline

    warnings: list = []
    try:
        course = pipeline.load(Path.cwd(), files, warnings)
        pipeline.load_lock(Path.cwd(), _now())
    except CardsError as error:
        _fail(error)
    _warn(warnings)
    notes = course.notes
    click.echo(f"ok: {len(course.topics)} topics, {len(notes)} notes, "
               f"{sum(n.card_count for n in notes)} cards per language")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def stats(files: tuple[str, ...]) -> None:
    """Notes and cards per topic and language, and missing translations.

    \b
    Example:
      csrcards stats
    """
    from . import pipeline
    from .stats import collect, render

    try:
        documents, problems = pipeline.read_all(Path.cwd(), files)
        if problems:
            raise CardsError(problems)
    except CardsError as error:
        _fail(error)
    click.echo(render(*collect(documents)))
