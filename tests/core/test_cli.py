"""The ``haven`` command as a new user meets it: every command of the README's table runs
as written in the demo's checkout, and a missing setting is one line and exit 78 for
every verb, never a traceback. These run the installed ``haven`` script in a fresh
directory, as a person would."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HAVEN = str(Path(sys.executable).with_name("haven"))
HEADER = "id,given_name,family_name,other_names,sex,birth_date,birth_year,place_of_origin\n"


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HAVEN_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def _haven(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HAVEN, *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def readme_commands() -> list[str]:
    """The commands in the README's ``haven`` table, exactly as written there."""
    text = (ROOT / "README.md").read_text()
    return re.findall(r"^\| `(haven [^`]+)` \|", text, flags=re.MULTILINE)


def _variants(command: str) -> list[str]:
    """The command with its optional parts (in brackets) left out, and with them in."""
    without = " ".join(re.sub(r"\[[^\]]*\]", "", command).split())
    with_all = re.sub(r"\[([^\]]*)\]", r"\1", command)
    return list(dict.fromkeys([without, with_all]))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory after ``make run``'s first two steps (a smaller demo, for speed)."""
    root = tmp_path_factory.mktemp("checkout")
    for args in (("migrate", "--noinput", "-v0"), ("demo", "--people", "25")):
        result = _haven(root, *args, HAVEN_DEMO="1")
        assert result.returncode == 0, result.stderr
    (root / "REGISTER.csv").write_text(
        HEADER + "r1,Nasrin,Rezaei,نسرین رضایی,f,,1987,Tabriz\nr2,Hossein,Karimi,,m,,1980,\n"
    )
    (root / "QUERIES.csv").write_text(HEADER + "q1,Nasreen,Rezaie,,f,,1988,\n")
    return root


def _serve(checkout: Path, command: list[str]) -> str:
    """Start ``haven serve``, fetch the sign-in page, stop it; return what it printed."""
    proc = subprocess.Popen(
        command,
        cwd=checkout,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # blocks until the server speaks (or exits: EOF)
            out.append(line)
            if "Quit the server" in line:
                break
        port = command[command.index("--port") + 1]
        status = None
        for _attempt in range(50):  # the socket binds just after that line
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/signin/", timeout=5) as r:
                    status = r.status
                break
            except OSError:
                try:
                    proc.wait(timeout=0.2)
                    break  # the server died
                except subprocess.TimeoutExpired:
                    continue
        assert status == 200, "".join(out)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return "".join(out)


def test_the_readme_table_is_what_this_test_runs():
    assert [c.split()[1] for c in readme_commands()] == [
        "migrate",
        "demo",
        "serve",
        "audit",
        "audit",
        "link",
        "dedupe",
    ]


def test_every_readme_command_runs_as_written_in_the_demo_checkout(checkout: Path):
    head = _haven(checkout, "audit", "head")
    assert head.returncode == 0, head.stderr
    values = {
        "H": "127.0.0.1",
        "P": str(_free_port()),
        "SEQ:MAC": head.stdout.strip(),
    }  # and the file names as written: the fixture made REGISTER.csv and QUERIES.csv
    ran = []
    for command in readme_commands():
        for variant in _variants(command):
            words = [values.get(w, w) for w in variant.split()]
            assert not [w for w in words if re.fullmatch(r"[A-Z]+(:[A-Z]+)?", w)], words
            if words[1] == "serve":
                if "--port" not in words:
                    continue  # the default port 8000 may be taken here; tried with --port
                printed = _serve(checkout, [HAVEN, *words[1:]])
                assert f"Haven is serving on http://127.0.0.1:{values['P']}/" in printed
                assert "Traceback" not in printed
            else:
                result = _haven(checkout, *words[1:])
                assert result.returncode == 0, (variant, result.stderr)
                assert "Traceback" not in result.stderr
            ran.append(variant)
    assert (checkout / "RESULT.csv").read_text().startswith("query_id,candidate_id,rank")
    assert len(ran) == 9, ran  # serve once, with --port


def test_a_missing_setting_is_one_line_and_exit_78_for_every_verb(tmp_path: Path):
    verbs = sorted({c.split()[1] for c in readme_commands()} | {"collectstatic", "check"})
    procs = {
        verb: subprocess.Popen(
            [HAVEN, verb],
            cwd=tmp_path,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for verb in verbs
    }
    for verb, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 78, (verb, err)
        assert err.count("\n") == 1 and err.startswith("haven: HAVEN_SECRET_KEY is not set"), err
        assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "env",
    [
        {"DATABASE_URL": "sqlite:///elsewhere.sqlite3"},
        {"HAVEN_SECRET_KEY": "set-in-production"},
        {"HAVEN_AUDIT_KEY_FILE": "/run/secrets/audit"},
        {"HAVEN_DEMO": "0"},
    ],
)
def test_production_is_never_taken_for_the_demo(checkout: Path, env: dict[str, str]):
    """The demo's secrets are there, but a production setting is given: fail closed."""
    result = _haven(checkout, "audit", "head", **env)
    assert result.returncode == 78, result.stderr
    assert result.stderr.startswith("haven: HAVEN_") and "Traceback" not in result.stderr


def test_an_unreadable_secret_file_is_one_line(tmp_path: Path):
    result = _haven(tmp_path, "migrate", HAVEN_SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert result.returncode == 78
    assert result.stderr.startswith("haven: HAVEN_SECRET_KEY_FILE cannot be read")
    assert result.stderr.count("\n") == 1
