"""The build, stage by stage: sources -> checked course -> packages -> lock.

Each stage lives in its own module; this one only passes results along and
decides when files may be written: every package is built in memory first,
so a build that fails leaves the last good decks and lock as they were.
Stages are imported where they are used, so that a build the cache can skip
never loads YAML, the schema validator or genanki.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import LANGUAGES, cache, layout
from .errors import CardsError, Problem
from .files import staging, write_all


def read_all(root: Path, files: tuple[str, ...] = (), known: cache.Documents | None = None) -> tuple[list, list]:
    """Parse every source file (or take it from `known`); returns documents and problems."""
    from . import sources

    paths = layout.source_paths(root, files)
    if not paths:
        hint = (f"add .yaml files to {layout.SOURCES_DIR}/" if (root / layout.SOURCES_DIR).is_dir() else
                "run csrcards in a course folder (the one with decks/), or start one with csrcards init")
        raise CardsError([Problem(f"{layout.SOURCES_DIR}/", 1, 1, "no card sources found", hint)])
    documents, problems = [], []
    for path in paths:
        shown = layout.shown(path, root)
        document = known.get(path, shown) if known else None
        if document is None:
            document, found = sources.read(path, shown, root)
            problems.extend(found)
        if document is not None:
            documents.append(document)
    return documents, problems


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while a build or check runs, and on again after it.

    A build makes hundreds of thousands of objects that all live until it
    ends (the parsed files, the course, the notes), and no cycles worth
    collecting. The collector would scan them over and over as they pile up:
    at 20,000 notes that was more than a tenth of the build. It is switched
    back on however the block ends; `csrcards watch` also collects after
    each build (watch.py), so a long session does not grow.
    """
    if not gc.isenabled():  # already paused by an enclosing call
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load(root: Path, files: tuple[str, ...] = (), warnings: list[Problem] | None = None,
         known: cache.Documents | None = None):
    """Read and check the sources into the Course; CardsError lists every problem.

    Findings that do not stop a build (consistency.py, and the termbase's,
    terms.py) are added to `warnings`. With `known`, files checked by an
    earlier build (with the same termbase) are not parsed again, and the newly
    checked ones are added to it.
    """
    with collector_paused():
        return _load(root, files, warnings, known)


def _load(root: Path, files: tuple[str, ...], warnings: list[Problem] | None, known: cache.Documents | None):
    from . import consistency, terms, validate

    termbase, problems = terms.read(root)
    if known is not None:
        known.inputs = termbase.digest if termbase else ""
    documents, found = read_all(root, files, known)
    problems += found
    try:
        course = validate.check(documents, frozenset(problem.path for problem in problems))
    except CardsError as error:
        raise CardsError(problems + error.problems) from None
    if problems:
        raise CardsError(problems)
    findings = consistency.check(documents, [termbase.findings] if termbase else []) \
        + consistency.repeated_questions(course)
    if warnings is not None:
        warnings.extend(sorted(findings))
    if known is not None:
        for path, document in zip(layout.source_paths(root, files), documents):
            if not document.checked:
                known.put(path, document, document.findings)
    return course


class Derived:
    """Per note id, what a build works out from the note alone: its text hash in each
    language (staleness.text_hash) and its GUID in each language (ids.note_guid).

    An unchanged file's notes give the same values every build, so they are kept
    with the file's entry in the document cache (for the course id they were worked
    out for) and read back from there: an edit works them out only for the file it
    touched. Each note's values are one string (the text hashes, then the GUIDs, in
    LANGUAGES' order, a space between them: neither holds one), which keeps a large
    course's peak memory down; only this class reads or writes that string.
    """

    def __init__(self, values: dict[str, str]):
        self.values = values

    def text_hashes(self, note_id: str) -> list[str] | None:
        """The note's text hashes in LANGUAGES' order, if known."""
        found = self.values.get(note_id)
        return found.split(" ", len(LANGUAGES))[:len(LANGUAGES)] if found else None

    def guid(self, note_id: str, language: str) -> str | None:
        """The note's GUID in a language's deck, if known."""
        found = self.values.get(note_id)
        return found.split(" ")[len(LANGUAGES) + LANGUAGES.index(language)] if found else None

    @staticmethod
    def of(course, note) -> str:
        from . import ids, staleness

        return " ".join([*(staleness.text_hash(note, language) for language in LANGUAGES),
                         *(ids.note_guid(course.id, note.id, language) for language in LANGUAGES)])

    @staticmethod
    def readable(found: object) -> bool:
        """Whether a value read back from the cache has the shape `of` gives."""
        return found.__class__ is str and found.count(" ") == 2 * len(LANGUAGES) - 1


def derived(course, known: cache.Documents) -> Derived:
    """Every note's Derived values: read back from the document cache where its file's
    entry has them for this course id, worked out otherwise. The files checked in this
    build, and entries kept for another course id (or by a csrcards that kept none), get
    theirs here, before the cache is written."""
    values: dict[str, str] = {}
    outdated = []
    for key, document in known.kept:
        saved = document.derived
        if isinstance(saved, dict) and saved.get("course") == course.id and isinstance(saved.get("notes"), dict):
            values.update(saved["notes"])
        else:
            outdated.append((key, document))
    known.kept.clear()  # their data is in the course now
    for note in course.notes:
        if not Derived.readable(values.get(note.id)):
            values[note.id] = Derived.of(course, note)
    for key, document in outdated:
        known.renew(key, document)
    for document, _ in known.fresh.values():
        notes = document.data.get("notes") if isinstance(document.data, dict) else None
        document.derived = {"course": course.id,
                            "notes": {raw["id"]: values[raw["id"]] for raw in notes or () if raw["id"] in values}}
    return Derived(values)


def removed_notes(root: Path, course, lock) -> list[Problem]:
    """Notes built before (the lock has them) that are gone from the sources, each at its lock entry."""
    from .lock import note_key

    path = layout.lock_path(root)
    text = path.read_text("utf-8") if path.exists() else ""
    found = []
    for note_id in sorted(lock.note_ids() - {note.id for note in course.notes}):
        offset = max(text.find(f'"{note_key(note_id, "")}'), 0)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        found.append(Problem(layout.shown(path, root), line, column,
                             f"note '{note_id}' is no longer in the sources; learners who imported it keep it "
                             "(an .apkg cannot delete notes)",
                             "put it back with 'retired: true' to mark it for learners"))
    return found


def load_lock(root: Path, now: int):
    from .lock import Lock

    path = layout.lock_path(root)
    return Lock.load(path, now, layout.shown(path, root))


@dataclass
class DeckReport:
    language: str
    path: str
    notes: int
    cards: int
    changes: dict[str, int]
    notetypes_updated: int = 0  # note types whose CSS or templates this build changed


@dataclass
class BuildReport:
    decks: list[DeckReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_unchanged(self) -> dict:
        """This report as a rebuild with nothing changed would give it."""
        decks = [dict(asdict(d), changes={"new": 0, "edited": 0, "unchanged": d.notes, "retired": 0},
                      notetypes_updated=0) for d in self.decks]
        return {"decks": decks, "warnings": self.warnings}

    @classmethod
    def from_dict(cls, data: dict) -> BuildReport:
        return cls([DeckReport(**d) for d in data["decks"]], list(data["warnings"]))


@contextmanager
def exclusive(root: Path):
    """One build at a time per course: a second one waits for the first.

    Every file is replaced atomically anyway, so without the lock (on systems
    without fcntl) each package and the lock file are still whole; the lock
    keeps a package and the lock entries it was built with in step. Inside it,
    temporary files left by a killed build are swept away.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    try:
        handle = open(root / layout.SOURCES_DIR / ".csrcards-build.lock", "a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sweep(*folders: Path) -> None:
    for folder in folders:
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def _quiet(stage: str) -> None:
    pass


def build(root: Path, out: Path, languages: tuple[str, ...], files: tuple[str, ...], now: int,
          force: bool = False, progress: Callable[[str], None] = _quiet) -> BuildReport:
    """Build the packages; `progress` hears each stage as it starts (for long builds)."""
    with exclusive(root), collector_paused():
        _sweep(out, root / layout.SOURCES_DIR)
        return _build(root, out, languages, files, now, force, progress)


def _packages(root: Path, out: Path, languages: tuple[str, ...], files: tuple[str, ...], now: int,
              progress: Callable[[str], None], zipper) -> tuple[BuildReport, object, dict]:
    """The report, the updated lock, and each package's zipping (a future: it writes the package to staging(path)).

    A function of its own so that the course and its notes are gone by the
    time the lock is written.
    """
    from . import compile, package, renumbering, staleness

    warnings: list[Problem] = []
    known = cache.Documents(out)
    progress("reading the sources")
    course = load(root, files, warnings, known)
    values = derived(course, known)
    known.save()  # each entry is one file's own checked result, whatever becomes of this build
    lock = load_lock(root, now)
    warnings.extend(staleness.review(course, lock, record=True, text_hashes=values.text_hashes))
    warnings.extend(renumbering.review(course, lock, languages, record=True))
    if not files:
        warnings.extend(removed_notes(root, course, lock))
    report = BuildReport(warnings=[str(w) for w in warnings])
    retired = {note.id for note in course.notes if note.retired}
    english = compile.English(last=languages[-1])
    zipping = {}
    for index, language in enumerate(languages, 1):  # one at a time: its notes are gone once it is written
        progress(f"building {layout.package_name(language)} ({index}/{len(languages)})")
        name = layout.package_name(language)
        notes, cards, collection = _package(course, language, lock, english, values)
        zipping[name] = zipper.submit(package.zip_collection, collection, staging(out / name))
        changes = {"new": 0, "edited": 0, "unchanged": 0, "retired": 0}
        for note_id, state in lock.note_states(language).items():
            changes[state] += 1
            # retiring a note changes its content: count it among the new or edited, and here
            changes["retired"] += state != "unchanged" and note_id in retired
        updated = sum(state == "edited" for state in lock.notetype_states(language).values())
        report.decks.append(DeckReport(language, layout.shown(out / name, root), notes, cards, changes, updated))
    return report, lock, zipping


def _package(course, language: str, lock, english, values: Derived) -> tuple[int, int, Path]:
    """The language's notes and cards, and its collection written to a scratch file."""
    from . import compile, package

    compiled = compile.compile_language(course, language, lock, english, lazily=True, guid=values.guid)
    return compiled.notes, compiled.cards, package.write_collection(compiled.decks)


def _build(root: Path, out: Path, languages: tuple[str, ...], files: tuple[str, ...], now: int,
           force: bool, progress: Callable[[str], None]) -> BuildReport:
    options = [str(out), *languages, *files]
    paths, also = layout.source_paths(root, files), [layout.lock_path(root), layout.terms_path(root)]
    taken: dict[Path, str] = {}  # each file's hash before the build reads it
    build_key = cache.key(paths, also, options, taken)
    saved = None if force else cache.lookup(out, build_key)
    if saved is not None:
        return BuildReport.from_dict(saved)

    from concurrent.futures import ThreadPoolExecutor

    names = [layout.package_name(language) for language in languages]
    try:
        # Each package is zipped on another thread, straight into the file it will be renamed
        # from, while the next one is compiled.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="csrcards-zip") as zipper:
            report, lock, zipping = _packages(root, out, languages, files, now, progress, zipper)
            progress("writing")
            try:
                # The lock is written out first, while the last package may still be zipping.
                write_all({**{out / name: _zipped(future) for name, future in zipping.items()},
                           layout.lock_path(root): lock.chunks()}, stage_first=[layout.lock_path(root)])
            except OSError as error:
                where = layout.shown(Path(error.filename), root) if error.filename else layout.shown(out, root)
                raise CardsError([Problem(where, 1, 1, f"cannot write: {error.strerror or error}",
                                          "check that the folder exists and is writable")]) from None
    finally:
        for name in names:  # a package zipped for a build that failed after it
            staging(out / name).unlink(missing_ok=True)
    taken.pop(layout.lock_path(root), None)  # the one file the build has written since: the key holds the new lock
    cache.remember(out, cache.key(paths, also, options, taken), names, report.as_unchanged())
    return report


def _zipped(future) -> Callable[[Path], None]:
    """What write_all calls for a package: the zipping thread writes it to staging(path)."""
    return lambda temporary: future.result()
