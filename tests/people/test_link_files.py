"""`haven link REGISTER.csv QUERIES.csv` needs no database and no server secrets."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

from haven import linkfiles

HEADER = "id,given_name,family_name,other_names,sex,birth_date,birth_year,place_of_origin\n"
REGISTER = HEADER + "r1,نسرین,رضایی,,F,۱۳۶۶/۰۵/۱۲,,تبریز\nr2,Hossein,Karimi,,m,1980-05-01,,\n"
QUERIES = HEADER + "q1,Nasrin,Rezaei,,f,,1987,Tabriz\nq2,Husayn,Karimi,,M,,1980,\n"


def _bare_env() -> dict[str, str]:
    """The environment without any of Haven's settings (no secrets, not the demo)."""
    return {
        k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "DJANGO_", "DATABASE"))
    }


def test_two_files_without_secrets_or_django(tmp_path):
    (tmp_path / "register.csv").write_text(REGISTER, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    code = (
        "import sys\n"
        "from haven.cli import main\n"
        "try:\n"
        "    main(['link', 'register.csv', 'queries.csv', '--top', '1', '--out', 'out.csv'])\n"
        "except SystemExit as e:\n"
        "    assert not [m for m in sys.modules if m.startswith('django')], 'django'\n"
        "    raise\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=_bare_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert {r["query_id"]: r["candidate_id"] for r in rows} == {"q1": "r1", "q2": "r2"}
    assert "linked 2 queries against 2 records" in done.stderr


def test_bad_input_is_one_line_and_non_zero(tmp_path):
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    for argv, message in (
        (["missing.csv", "queries.csv"], "register file not found: missing.csv"),
        (["queries.csv", "queries.csv", "--top", "0"], "--top must be between 1 and 50"),
    ):
        err = io.StringIO()
        cwd = os.getcwd()
        os.chdir(tmp_path)
        try:
            assert linkfiles.main(argv, stdout=io.StringIO(), stderr=err) == 1
        finally:
            os.chdir(cwd)
        assert err.getvalue() == f"haven link: {message}\n"


def test_one_file_still_goes_to_django():
    assert linkfiles.two_files(["a.csv", "b.csv", "--top", "3"])
    assert not linkfiles.two_files(["queries.csv"])
    assert not linkfiles.two_files(["a.csv", "b.csv", "--bogus"])
