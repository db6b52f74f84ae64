"""The Albanian and Persian catalogues: extract, check, and merge them.

    .venv/bin/python scripts/i18n.py update    # extract new strings into sq and fa, compile
    .venv/bin/python scripts/i18n.py missing   # list strings still untranslated (exit 1 if any)
    .venv/bin/python scripts/i18n.py resolve   # after `git merge` left .po/.mo conflicts:
                                               # keep both sides' translations, then update

Catalogues live in src/haven/locale/<lang>/LC_MESSAGES/django.po, without source
locations (so that two branches adding strings rarely touch the same lines); the
compiled django.mo files are committed beside them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "haven"
LANGUAGES = ("sq", "fa")
HAVEN = ROOT / ".venv" / "bin" / "haven"


def po_path(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"


def _haven(*args: str) -> None:
    env = dict(os.environ, HAVEN_DEMO="1", HAVEN_VAR_DIR=tempfile.mkdtemp(prefix="haven-i18n-"))
    env.pop("DATABASE_URL", None)
    subprocess.run([str(HAVEN), *args], cwd=PACKAGE, env=env, check=True)


def update() -> None:
    """Extract every marked string (keeping existing translations), then compile."""
    langs = [a for lang in LANGUAGES for a in ("-l", lang)]
    _haven("makemessages", *langs, "--no-obsolete", "--no-location")
    _haven("compilemessages", *langs)


def _translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def untranslated(language: str) -> list[str]:
    catalogue = polib.pofile(str(po_path(language)))
    return [e.msgid for e in catalogue if not e.obsolete and not _translated(e)]


def missing() -> int:
    total = 0
    for language in LANGUAGES:
        strings = untranslated(language)
        total += len(strings)
        for msgid in strings:
            print(f"{language}: {msgid!r}")
    print(f"{total} untranslated", file=sys.stderr)
    return 1 if total else 0


def _stage(path: Path, stage: int) -> polib.POFile | None:
    rel = path.relative_to(ROOT).as_posix()
    shown = subprocess.run(
        ["git", "show", f":{stage}:{rel}"], cwd=ROOT, capture_output=True, text=True
    )
    return polib.pofile(shown.stdout) if shown.returncode == 0 else None


def resolve() -> None:
    """Merge the two sides of conflicted catalogues: every entry of either side, the
    translated one winning; then re-extract and compile, and stage the result."""
    for language in LANGUAGES:
        path = po_path(language)
        ours, theirs = _stage(path, 2), _stage(path, 3)
        if ours is None or theirs is None:
            continue
        index = {(e.msgctxt, e.msgid): e for e in ours}
        for entry in theirs:
            mine = index.get((entry.msgctxt, entry.msgid))
            if mine is None:
                ours.append(entry)
            elif not _translated(mine) and _translated(entry):
                mine.msgstr, mine.msgstr_plural, mine.flags = (
                    entry.msgstr,
                    entry.msgstr_plural,
                    [f for f in entry.flags if f != "fuzzy"],
                )
        ours.save(str(path))
    update()
    for language in LANGUAGES:
        po = po_path(language)
        subprocess.run(["git", "add", str(po), str(po.with_suffix(".mo"))], cwd=ROOT, check=True)


def main() -> int:
    verb = sys.argv[1] if len(sys.argv) > 1 else ""
    if verb == "update":
        update()
        return 0
    if verb == "missing":
        return missing()
    if verb == "resolve":
        resolve()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
