"""Development state under instance/ (SQLite, sandbox store, Redis files, secrets) is for its owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077  # files this process and its children create: 0600, folders 0700


def keep_private(instance: Path) -> None:
    """Create files owner-only from now on (children inherit the umask), and take group and others'
    access away from what an earlier run left in `instance`."""
    os.umask(PRIVATE_UMASK)
    instance.mkdir(parents=True, exist_ok=True)
    for path in (instance, *instance.rglob("*")):
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:  # a socket or lock file that went away meanwhile
            continue
        if stat.S_ISLNK(mode) or not mode & 0o077:
            continue
        path.chmod(stat.S_IMODE(mode) & 0o700)


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path`, readable by its owner only (0600) whatever the umask: it holds personal
    data or a secret (a demo password, a report naming managers and quoting their shared words)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)  # an older file may have had wider permissions
