"""``haven link REGISTER.csv QUERIES.csv``: link two files with the matching engine.

Linking two files touches no database, so it needs neither Django nor the server's
secrets: ``haven.cli`` runs this module directly when given two files, and the
``link`` management command uses it too (it adds linking against the database).
Rows that cannot be read are reported by line and skipped, never guessed; the
command then exits non-zero.  Bad input is one clear line, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from haven.matching import Index, Record
from haven.matching.csvio import RowError, read_records, write_results

USAGE = "haven link [REGISTER.csv] QUERIES.csv [--top 5] [--min-probability P] [--out RESULT.csv]"


class LinkError(Exception):
    """Input the command cannot use (one line for the operator)."""


def add_arguments(parser: Any) -> None:
    parser.add_argument("files", nargs="+", metavar="CSV", help="[REGISTER.csv] QUERIES.csv")
    parser.add_argument("--top", type=int, default=5, help="candidates per query (1-50)")
    parser.add_argument("--min-probability", type=float, default=0.0)
    parser.add_argument("--out", help="result CSV (default: standard output)")


def check(files: Sequence[str], top: int, min_probability: float) -> None:
    if len(files) > 2:
        raise LinkError("give QUERIES.csv, or REGISTER.csv and QUERIES.csv")
    if not 1 <= top <= 50:
        raise LinkError("--top must be between 1 and 50")
    if not 0.0 <= min_probability <= 1.0:
        raise LinkError("--min-probability must be between 0 and 1")


def read(path: str, label: str, stderr: IO[str]) -> tuple[list[Record], list[RowError]]:
    """The records of a CSV file; each refused row reported on ``stderr`` by line."""
    if not Path(path).is_file():
        raise LinkError(f"{label} file not found: {path}")
    try:
        records, errors = read_records(path)
    except (UnicodeDecodeError, OSError) as exc:
        raise LinkError(f"cannot read {path}: {exc}") from exc
    for err in errors:
        stderr.write(f"{path}:{err.line}: {err.message} (row skipped)\n")
    if errors and errors[0].line == 1 and not records:
        raise LinkError(f"{path}: {errors[0].message}")
    return records, errors


def link(
    index: Index,
    queries: Sequence[Record],
    *,
    top: int,
    min_probability: float,
    out: str | None,
    stdout: IO[str],
) -> int:
    """Write each query's ranked candidates; returns the number of candidate rows."""
    results = ((q.id, index.search(q, top=top, min_probability=min_probability)) for q in queries)
    target: Any = out or stdout
    try:
        return write_results(target, results)
    except OSError as exc:
        raise LinkError(f"cannot write {out}: {exc}") from exc


def link_files(
    register_path: str,
    queries_path: str,
    *,
    top: int = 5,
    min_probability: float = 0.0,
    out: str | None = None,
    stdout: IO[str] = sys.stdout,
    stderr: IO[str] = sys.stderr,
) -> int:
    """Link QUERIES against REGISTER; returns the number of rows skipped in both."""
    queries, bad = read(queries_path, "queries", stderr)
    register, bad_register = read(register_path, "register", stderr)
    index = Index()
    index.extend(register)
    lines = link(index, queries, top=top, min_probability=min_probability, out=out, stdout=stdout)
    stderr.write(
        f"linked {len(queries)} queries against {len(index)} records of {register_path}: "
        f"{lines} candidate rows" + (f" written to {out}" if out else "") + "\n"
    )
    return len(bad) + len(bad_register)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, as argparse does
        raise LinkError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="haven link", usage=USAGE, add_help=False)
    add_arguments(parser)
    return parser


def two_files(argv: Sequence[str]) -> bool:
    """Whether ``haven link`` was given two files (no database needed)."""
    try:
        args, rest = _parser().parse_known_args(list(argv))
    except LinkError:
        return False
    return not rest and len(args.files) == 2


def main(argv: Sequence[str], stdout: IO[str] = sys.stdout, stderr: IO[str] = sys.stderr) -> int:
    """``haven link REGISTER.csv QUERIES.csv ...`` without Django: 0 when every row
    was read, 1 otherwise or on unusable input (one line on ``stderr``)."""
    try:
        args = _parser().parse_args(list(argv))
        check(args.files, args.top, args.min_probability)
        skipped = link_files(
            args.files[0],
            args.files[1],
            top=args.top,
            min_probability=args.min_probability,
            out=args.out,
            stdout=stdout,
            stderr=stderr,
        )
    except LinkError as exc:
        stderr.write(f"haven link: {exc}\n")
        return 1
    if skipped:
        stderr.write(f"haven link: {skipped} row(s) skipped; see the messages above\n")
        return 1
    return 0
