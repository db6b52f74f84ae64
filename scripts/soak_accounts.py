"""CPU accounts and per-window figures for ``scripts/soak.py`` (no gevent here).

The machine running a soak is shared (2 cores; other work on it), so requests/s alone
says little about the server: these accounts say how much CPU each request cost the
gunicorn workers and PostgreSQL, and how busy the machine was meanwhile.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far, from /proc (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK"), sum(ticks[:8]) / os.sysconf(
        "SC_CLK_TCK"
    )


class Accounts:
    """Where the CPU went during the run: the gunicorn workers, the PostgreSQL backends
    serving the soak database, this load generator, and the machine as a whole (other
    work shares it). Sampled now and then; a process that ends keeps its last sample."""

    def __init__(self, server_pid: int, admin_url: str, database: str) -> None:
        self.admin_url, self.database = admin_url, database
        self.server_pid = server_pid
        self.seen: dict[tuple[str, int], float] = {}
        self.start: dict[tuple[str, int], float] = {}
        self.machine0 = _machine()
        self.self0 = self._self()
        self.load0 = os.getloadavg()

    @staticmethod
    def _self() -> float:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def _pids(self) -> list[tuple[str, int]]:
        import psycopg

        workers = [
            ("server", int(p.name))
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and _ppid(int(p.name)) == self.server_pid
        ]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,)
            ).fetchall()
        return [("server", self.server_pid), *workers, *(("postgres", r[0]) for r in rows)]

    def sample(self, *, first: bool = False) -> None:
        for key in self._pids():
            cpu = _cpu_seconds(key[1])
            if cpu is not None:
                self.seen[key] = cpu
                self.start.setdefault(key, cpu if first else 0.0)

    def totals(self) -> dict[str, float]:
        out = {"server": 0.0, "postgres": 0.0}
        for key, cpu in self.seen.items():
            out[key[0]] += cpu - self.start[key]
        busy, total = _machine()
        out["load_generator"] = self._self() - self.self0
        out["machine_busy"] = busy - self.machine0[0]
        out["machine_capacity"] = total - self.machine0[1]
        return out


def _ppid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def edit_outcomes(edits: list[list[Any]]) -> dict[str, list[str]]:
    """``edits``: every edit sent, as [person, value, sent at, acknowledged at or None].
    For each person with an acknowledged edit, the values they may hold now: any edit
    not known to be overtaken, i.e. all but those acknowledged before the last
    acknowledged edit of that person was sent (one still in flight when the run
    stopped may have been applied)."""
    by_person: dict[str, list[list[Any]]] = {}
    for edit in edits:
        by_person.setdefault(edit[0], []).append(edit)
    out = {}
    for pid, sent in by_person.items():
        acked = [e[2] for e in sent if e[3] is not None]
        if acked:
            start = max(acked)
            out[pid] = [e[1] for e in sent if e[3] is None or e[3] >= start]
    return out


def percentile(times: dict[int, int], fraction: float) -> int:
    """The response time (ms) under which ``fraction`` of the requests fell, from
    Locust's histogram of rounded times (time → count)."""
    total = sum(times.values())
    if not total:
        return 0
    running = 0
    for ms in sorted(times):
        running += times[ms]
        if running >= fraction * total:
            return ms
    return max(times)


class Windows:
    """The run cut into windows (5 minutes in a long run), each with its own requests/s,
    percentiles and errors, so that "sustained" can be read: the slowest window, not
    the average over the run."""

    def __init__(self, seconds: float, start: float) -> None:
        self.seconds, self.start = seconds, start
        self.rows: list[dict[str, Any]] = []
        self._requests, self._failures, self._times, self._at = 0, 0, {}, start

    def close(self, total: Any, now: float) -> dict[str, Any]:
        """End the current window at ``now`` (``total``: Locust's stats.total)."""
        times = {
            ms: n - self._times.get(ms, 0)
            for ms, n in total.response_times.items()
            if n - self._times.get(ms, 0)
        }
        span = max(now - self._at, 1e-9)
        row = {
            "from_s": round(self._at - self.start),
            "to_s": round(now - self.start),
            "requests": total.num_requests - self._requests,
            "requests_per_s": round((total.num_requests - self._requests) / span, 1),
            "p50_ms": percentile(times, 0.5),
            "p95_ms": percentile(times, 0.95),
            "errors": total.num_failures - self._failures,
        }
        self.rows.append(row)
        self._requests, self._failures = total.num_requests, total.num_failures
        self._times, self._at = dict(total.response_times), now
        return row

    def sustained(self) -> float:
        """Requests/s of the slowest window; a last window shorter than half the others
        (the run's tail) does not count."""
        rows = self.rows
        if len(rows) > 1 and rows[-1]["to_s"] - rows[-1]["from_s"] < self.seconds / 2:
            rows = rows[:-1]
        return min((r["requests_per_s"] for r in rows), default=0.0)


def window_line(row: dict[str, Any]) -> str:
    def clock(s: int) -> str:
        return f"{s // 60:02d}:{s % 60:02d}"

    return (
        f"  window {clock(row['from_s'])}-{clock(row['to_s'])}  {row['requests']:7} req  "
        f"{row['requests_per_s']:6.1f} req/s  p50 {row['p50_ms']:4} ms  "
        f"p95 {row['p95_ms']:5} ms  errors {row['errors']}"
    )


def cpu_report(totals: dict[str, float], requests: int) -> dict[str, Any]:
    """CPU milliseconds per request by part, and how busy the machine was."""
    per = max(requests, 1)
    cores = os.cpu_count() or 1
    capacity = max(totals["machine_capacity"], 1e-9)
    return {
        "server_ms_per_request": round(1000 * totals["server"] / per, 2),
        "postgres_ms_per_request": round(1000 * totals["postgres"] / per, 2),
        "load_generator_ms_per_request": round(1000 * totals["load_generator"] / per, 2),
        "machine_busy_percent": round(100 * totals["machine_busy"] / capacity, 1),
        # busy time not spent by the server, PostgreSQL or the load: other work, in cores
        "other_work_cores": round(
            cores
            * (
                totals["machine_busy"]
                - totals["server"]
                - totals["postgres"]
                - totals["load_generator"]
            )
            / capacity,
            2,
        ),
        "cores": cores,
    }


def print_report(result: dict[str, Any], stats: Any) -> None:
    """Each kind of request, the errors, the figures, and where the CPU went."""
    import json

    for name, entry in sorted(stats.entries.items()):
        print(
            f"  {name[1]:6} {name[0]:9} {entry.num_requests:7} req  p50 "
            f"{entry.get_response_time_percentile(0.5):5.0f} ms  p95 "
            f"{entry.get_response_time_percentile(0.95):5.0f} ms  errors {entry.num_failures}"
        )
    for error in stats.errors.values():
        print(f"  error: {error.method} {error.name}: {error.error} x{error.occurrences}")
    print(json.dumps({k: v for k, v in result.items() if k != "windows"}, indent=2))
    cpu = result["cpu"]
    print(
        f"soak: CPU per request: gunicorn {cpu['server_ms_per_request']} ms, PostgreSQL "
        f"{cpu['postgres_ms_per_request']} ms, load generator "
        f"{cpu['load_generator_ms_per_request']} ms; machine {cpu['machine_busy_percent']}% "
        f"busy of {cpu['cores']} cores ({cpu['other_work_cores']} cores of other work), "
        f"load average {result['load_average']['start']} -> {result['load_average']['end']}"
    )
