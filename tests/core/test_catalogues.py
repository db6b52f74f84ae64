"""Every string the interface shows is translated into Albanian and Persian.

The catalogues are extracted again from the source into a scratch copy (as
``scripts/i18n.py update`` would), so a string marked for translation but missing from
a catalogue fails here as surely as an empty or fuzzy translation; and the compiled
``.mo`` files must say what the ``.po`` files say.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "haven"
LANGUAGES = ("sq", "fa")

EXTRACT = """
import os, sys
import django
from django.conf import settings
from django.core.management import call_command
django.setup()
settings.LOCALE_PATHS = [os.path.join(os.getcwd(), "locale")]
call_command("makemessages", locale=["sq", "fa"], no_obsolete=True, no_location=True,
             verbosity=0)
"""


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext")
    copy = tmp_path_factory.mktemp("catalogues") / "haven"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings")
    env["PYTHONPATH"] = os.pathsep.join([str(PACKAGE.parents[1]), *sys.path])
    subprocess.run([sys.executable, "-c", EXTRACT], cwd=copy, env=env, check=True)
    return copy


def _entries(po: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po)) if not e.obsolete]


def _done(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(extracted: Path, language: str) -> None:
    po = extracted / "locale" / language / "LC_MESSAGES" / "django.po"
    missing = [e.msgid for e in _entries(po) if not _done(e)]
    assert not missing, (
        f"{len(missing)} string(s) untranslated in {language} (run "
        f"`.venv/bin/python scripts/i18n.py update`, then translate): {missing[:20]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language: str) -> None:
    directory = PACKAGE / "locale" / language / "LC_MESSAGES"
    with (directory / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    for entry in _entries(directory / "django.po"):
        if entry.msgid_plural or not _done(entry):
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert compiled.get(key) == entry.msgstr, (
            f"{language}: django.mo is stale for {entry.msgid!r}; "
            "run `.venv/bin/python scripts/i18n.py update`"
        )
