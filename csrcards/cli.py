"""The command line: thin wiring over the pipeline.

This is the one place where problems in the sources become exit code 1 (click
gives usage errors exit code 2). Heavy modules (genanki, jsonschema) are
imported inside the commands, so `csrcards --help` starts fast.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import TYPE_CHECKING

import click

from . import LANGUAGES, __version__
from .errors import CardsError, Problem

if TYPE_CHECKING:
    from pathlib import Path


def _here() -> Path:
    from pathlib import Path  # loaded when a command runs, not for --help

    return Path.cwd()


def _as_path(context: click.Context, parameter: click.Parameter, value: str | None) -> Path | None:
    from pathlib import Path

    return None if value is None else Path(value)


def _folder(name: str, default: str, help: str):
    """A folder option, handed to the command as a Path."""
    return click.option(name, type=click.Path(file_okay=False), default=default, show_default=True,
                        callback=_as_path, help=help)


def _progress():
    """Stage messages on one overwritten line, for people at a terminal only:
    piped output and logs stay exactly the result lines."""
    if not sys.stderr.isatty():
        return lambda stage: None

    def show(stage: str) -> None:
        click.echo(f"\r\033[K{stage}…", err=True, nl=False)

    return show


def _now() -> int:
    """The build time for new or edited content: SOURCE_DATE_EPOCH if set."""
    return int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())


def _fail(error: CardsError) -> None:
    _print_problems(error)
    sys.exit(1)


def _print_problems(error: CardsError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)


def _languages(verb: str):
    """The --lang option, as every command that works per language takes it."""
    return click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES),
                        help=f"{verb} only this language (repeatable). Default: en, tl and bg.")


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
      csrcards diff                   what learners' next import will change
      csrcards watch                  rebuild on every save
    """


def run() -> None:
    """The `csrcards` command: main(), then out without the collector's last passes.

    As Python shuts down it runs the cyclic garbage collector over every
    object still alive: each module, genanki and the asyncio it imports, what
    a build leaves. That frees nothing the end of the process would not, and
    costs more than the rest of `csrcards --help` (about 15 ms after a build
    of the shipped decks). Frozen objects are out of the collector's sight;
    shutdown itself (atexit handlers, flushing and closing files) is unchanged.
    Only the command does this: main() called in a test or a long-lived
    process leaves the collector alone.
    """
    try:
        main()
    finally:
        gc.freeze()


@main.command()
@_languages("Build")
@_folder("--out", "build", "Folder for the .apkg files.")
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
    if not _build_and_report(languages or LANGUAGES, out, files, force):
        sys.exit(1)


def _build_and_report(languages: tuple[str, ...], out: Path, files: tuple[str, ...], force: bool) -> bool:
    """Build and print the outcome, as `build` and `watch` show it; False if the sources have problems."""
    from . import pipeline

    try:
        report = pipeline.build(_here(), out, languages, files, _now(), force=force, progress=_progress())
    except CardsError as error:
        _print_problems(error)
        return False
    if sys.stderr.isatty():
        click.echo("\r\033[K", err=True, nl=False)  # clear the progress line
    for deck in report.decks:
        changes = ", ".join(f"{deck.changes[state]} {state}" for state in ("new", "edited", "unchanged", "retired"))
        if deck.notetypes_updated:  # new CSS or templates reach every learner, edited notes or not
            changes += f"; {deck.notetypes_updated} note type{'s' if deck.notetypes_updated != 1 else ''} updated"
        click.echo(f"{deck.path}: {deck.notes} notes, {deck.cards} cards ({changes})")
    _warn(report.warnings)
    return True


@main.command()
@click.option("--format", "style", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="text for the terminal, markdown for release notes, json for tools.")
@_folder("--against", "build", "Folder with the released csrcards-<lang>.apkg files.")
@_languages("Compare")
def diff(style: str, against: Path, languages: tuple[str, ...]) -> None:
    """Show what learners' next import will change, per language.

    Compares the released decks (the packages in build/ by default: run it
    before `csrcards build`, or point --against at a copy of the last
    release) with the decks the current sources would build: new and edited
    notes (old and new text), notes whose note type changed (they would
    conflict), retired and removed notes. Builds in memory; writes nothing.

    \b
    Examples:
      csrcards diff
      csrcards diff --format markdown > release-notes.md
      csrcards diff --format json --against old-release/ --lang bg
    """
    from .diff import compare, render

    given = click.get_current_context().get_parameter_source("against") != click.core.ParameterSource.DEFAULT
    if given and not against.is_dir():  # a mistyped folder would make every note look new
        _fail(CardsError([Problem(against.as_posix(), 1, 1, "folder not found",
                                  "give the folder that holds the released csrcards-<lang>.apkg files")]))
    try:
        result = compare(_here(), against, languages or LANGUAGES, _now())
    except CardsError as error:
        _fail(error)
    click.echo(render(result, style), nl=False)


@main.command()
@_languages("Build")
@_folder("--out", "build", "Folder for the .apkg files.")
@click.option("--max-builds", type=click.IntRange(min=1), hidden=True, help="Stop after this many builds (for tests).")
def watch(languages: tuple[str, ...], out: Path, max_builds: int | None) -> None:
    """Rebuild the decks on every save of decks/*.yaml, until Ctrl-C.

    Builds once at the start, then after every change, printing the same
    lines and problems (with their file:line:column) as csrcards build.

    \b
    Examples:
      csrcards watch
      csrcards watch --lang tl
    """
    from . import layout
    from .watch import watch_sources

    folder = _here() / layout.SOURCES_DIR
    if not folder.is_dir():
        _fail(CardsError([Problem(f"{layout.SOURCES_DIR}/", 1, 1, "no card sources found",
                                  "run csrcards watch in the course folder")]))
    watch_sources(folder, lambda: _build_and_report(languages or LANGUAGES, out, (), False),
                  lambda message: click.echo(message, err=True), max_builds)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def check(files: tuple[str, ...]) -> None:
    """Validate the sources and the lock; write nothing.

    \b
    Examples:
      csrcards check
      csrcards check decks/soft-skills.yaml
    """
    from . import pipeline, renumbering, staleness

    warnings: list = []
    try:
        course = pipeline.load(_here(), files, warnings)
        lock = pipeline.load_lock(_here(), _now())
    except CardsError as error:
        _fail(error)
    warnings.extend(staleness.review(course, lock, record=False))
    warnings.extend(renumbering.review(course, lock, LANGUAGES, record=False))
    if not files:
        warnings.extend(pipeline.removed_notes(_here(), course, lock))
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
        documents, problems = pipeline.read_all(_here(), files)
        if problems:
            raise CardsError(problems)
    except CardsError as error:
        _fail(error)
    click.echo(render(*collect(documents)))


@main.command()
@_folder("--out", "build/preview", "Folder for index.html.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def preview(out: Path, files: tuple[str, ...]) -> None:
    """Write a proof sheet of every card, front and back, as Anki shows it.

    One self-contained HTML page (works offline) with the decks' own
    templates and CSS, grouped by topic, with a language switcher, the
    en | tl | bg view side by side, each note's source, and flags for
    figures that differ between languages, translations an English edit
    left stale, and retired notes. (Missing texts: csrcards stats.)

    \b
    Examples:
      csrcards preview                open build/preview/index.html
      csrcards preview --out proof decks/duties.yaml
    """
    from . import pipeline, staleness
    from .preview import write

    try:
        course = pipeline.load(_here(), files)
        stale = staleness.stale_translations(course, pipeline.load_lock(_here(), _now()))
        path = write(course, out, _here(), stale)
    except CardsError as error:
        _fail(error)
    cards = sum(n.card_count for n in course.notes)
    click.echo(f"{path.as_posix()}: {len(course.notes)} notes, {cards} cards per language")


@main.command()
@click.option("--format", "format_", type=click.Choice(["csv"]), default="csv", show_default=True,
              help="Anki's text-import format, with its column headers.")
@click.option("--separator", type=click.Choice(["tab", "comma"]), default="tab", show_default=True,
              help="Column separator of the CSV.")
@_languages("Export")
@_folder("--out", "build/export", "Folder for the .csv files.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def export(format_: str, separator: str, languages: tuple[str, ...], out: Path, files: tuple[str, ...]) -> None:
    """Write the notes as CSV in Anki's text-import format, one file per language.

    Same GUIDs, note types, decks, fields and tags as the .apkg, so
    importing a file (File > Import in Anki) into a collection that has
    the deck updates those notes. Anki needs the note types: import the
    .apkg once first.

    \b
    Examples:
      csrcards export --format csv    build/export/csrcards-{en,tl,bg}.csv
      csrcards export --format csv --separator comma --lang bg --out dist
    """
    from . import pipeline
    from .export import write

    try:
        course = pipeline.load(_here(), files)
        paths = write(course, out, _here(), languages or LANGUAGES, separator)
    except CardsError as error:
        _fail(error)
    for path in paths:
        click.echo(f"{path.as_posix()}: {len(course.notes)} notes")


@main.command("merge-lock")
@click.argument("versions", nargs=-1, metavar="[LOCK | BASE OURS THEIRS]", type=click.Path(dir_okay=False))
def merge_lock(versions: tuple[str, ...]) -> None:
    """Merge decks/csrcards.lock from two branches, entry by entry.

    As git's merge driver (named in .gitattributes, registered with
    git config) it gets the common ancestor, our and their versions, and
    writes the merge over OURS. With no argument, or one LOCK, it merges a lock in which git
    left conflict markers, in place. An entry changed on both sides gets
    a mod newer than both at the next build, so every learner gets the
    merged notes: rebuild after the merge.

    \b
    Examples:
      git config merge.csrcards-lock.driver "csrcards merge-lock %O %A %B"
      csrcards merge-lock             after git left conflict markers in the lock
    """
    from pathlib import Path

    from . import layout, merge

    if len(versions) not in (0, 1, 3):
        raise click.UsageError("give one lock with conflict markers, or git's three versions: BASE OURS THEIRS")
    try:
        if len(versions) == 3:
            both = merge.merge_files(*(Path(version) for version in versions))
            shown = f"{layout.SOURCES_DIR}/{layout.LOCK_FILE}"
        else:
            path = Path(versions[0]) if versions else layout.lock_path(_here())
            shown = layout.shown(path, _here())
            both = merge.resolve(path, shown)
            if both is None:
                click.echo(f"{shown} holds no conflict markers; nothing to merge")
                return
    except CardsError as error:
        _fail(error)
    changed = f"; {both} {'entry' if both == 1 else 'entries'} changed on both sides" if both else ""
    click.echo(f"{shown}: merged entry by entry{changed}; run `csrcards build` to rebuild the decks")


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--title", help="The course's title in all three languages, until translated. "
                              "Default: from the folder's name.")
@click.option("--id", "course_id", help="The course's permanent id (lowercase letters, digits, hyphens). "
                                        "Default: made from the title.")
def init(folder: str, title: str | None, course_id: str | None) -> None:
    """Start a new course in FOLDER (default: here), ready to build.

    Writes decks/course.yaml and a first topic file, the JSON Schema for
    editors (schema/, .vscode/settings.json), .gitattributes (the lock's
    merge driver, decks as binary), .gitignore, .pre-commit-config.yaml, a
    workflow that checks pull requests and releases tags, and a README for
    learners. Never overwrites a file: if one is in the way, writes nothing.

    \b
    Examples:
      csrcards init customer-service
      csrcards init --title "Customer Service Essentials"
      csrcards init --title "Обслужване на клиенти" --id service-bg
    """
    import shlex
    from pathlib import Path

    from . import scaffold

    target = Path(folder)
    version = time.strftime("%Y.%m", time.gmtime(_now()))
    try:
        written = scaffold.create(target, folder, scaffold.values(target, title, version, course_id))
    except CardsError as error:
        _fail(error)
    for path in written:
        click.echo(f"wrote {path}")
    go = "" if folder in ("", ".") else f"cd {shlex.quote(folder)} && "
    click.echo(f'next: {go}git init && git config merge.csrcards-lock.driver "csrcards merge-lock %O %A %B" '
               "&& pre-commit install && csrcards build")
