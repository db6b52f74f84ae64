from __future__ import annotations

from typing import Any

import pytest

from haven.demo.generator import PASSWORD_ENV, load_demo


@pytest.fixture
def demo(transactional_db: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch):
    """The demo register, committed (a backup tool reads what is committed)."""
    settings.DEMO = True
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    monkeypatch.setenv(PASSWORD_ENV, "demo password for the drills")
    return load_demo(people=25)
