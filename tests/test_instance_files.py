"""Development state under instance/ is owner-only: new files 0600 (folders 0700), old ones tightened."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.instance_files import keep_private


@pytest.fixture()
def _restore_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("_restore_umask")
def test_files_left_open_are_tightened_and_new_ones_are_private(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    (instance / "prometheus").mkdir(parents=True)
    instance.chmod(0o755)
    (instance / "prometheus").chmod(0o777)
    for name, mode in (("coach.db", 0o644), ("sandbox.db", 0o666), ("appendonly.aof", 0o640), ("ok", 0o600)):
        (instance / name).write_text("x")
        (instance / name).chmod(mode)
    (instance / "link").symlink_to("/etc/hostname")
    keep_private(instance)
    modes = {p.name: p.lstat().st_mode & 0o777 for p in instance.iterdir() if not p.is_symlink()}
    assert modes == {
        "prometheus": 0o700,
        "coach.db": 0o600,
        "sandbox.db": 0o600,
        "appendonly.aof": 0o600,
        "ok": 0o600,
    }
    assert instance.stat().st_mode & 0o777 == 0o700
    sqlite3.connect(instance / "new.db").execute("create table t (x)").connection.commit()
    (instance / "plain.txt").write_text("y")
    (instance / "folder").mkdir()
    assert (instance / "new.db").stat().st_mode & 0o777 == 0o600
    assert (instance / "plain.txt").stat().st_mode & 0o777 == 0o600
    assert (instance / "folder").stat().st_mode & 0o777 == 0o700
