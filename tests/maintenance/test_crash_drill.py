"""The crash drill: a child process registering people with a document each (and their
audit entries) is killed with SIGKILL at random points, 20 times. Afterwards no record is
partial, every write the child acknowledged is there, and the audit chain verifies."""

from __future__ import annotations

import json
import random
import signal
from typing import Any

KILLS = 20


def test_sigkill_at_random_points_loses_nothing(child_db: Any) -> None:
    rng = random.Random(12)
    acked: dict[str, str] = {}
    for round_ in range(KILLS):
        proc = child_db.start("write", str(round_))
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        # killed after a random number of acknowledged writes: the child goes on writing
        # while we read, so the kill lands anywhere in its next transaction, or between two
        lines = [proc.stdout.readline() for _ in range(rng.randint(0, 6))]
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # every line the child printed comes after a commit: read before or after the kill,
        # each names an acknowledged write (a line the kill cut short does not count)
        for line in lines + rest.splitlines(keepends=True):
            if line.startswith("ack ") and line.endswith("\n"):
                _, person, document = line.split()
                acked[person] = document
    found = json.loads(child_db.run("check"))
    people, documents = set(found["people"]), found["documents"]
    assert set(acked) <= people, "an acknowledged person is missing"
    assert all(documents.get(doc) == person for person, doc in acked.items())
    assert found["people_without_audit"] == []
    assert found["audit_without_person"] == []
    assert found["documents_without_audit"] == []
    assert found["people_without_document"] == []
    assert found["orphan_documents"] == 0
    assert found["chain_ok"], found["chain_reason"]
    assert len(acked) >= KILLS  # the drill did write (a round acknowledges 0 to 6+)
