"""The demo lead's sign-in, kept in the instance folder (owner-only) so `make run` can repeat it."""

from __future__ import annotations

from pathlib import Path

from service.instance_files import write_private

FILENAME = "demo-lead.txt"


def credentials_path(instance_path: Path) -> Path:
    return instance_path / FILENAME


def write_credentials(instance_path: Path, login_url: str, email: str, password: str) -> Path:
    """Write the demo lead's sign-in to instance/demo-lead.txt, readable by its owner only (0600)."""
    path = credentials_path(instance_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(
        path, f"Demo program lead: sign in at {login_url}\nemail:    {email}\npassword: {password}\n"
    )
    return path


def read_credentials(instance_path: Path) -> tuple[str, str] | None:
    """(email, password) from the file, or None when there is none or it is not ours."""
    try:
        lines = credentials_path(instance_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    fields = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
    email, password = fields.get("email", "").strip(), fields.get("password", "").strip()
    return (email, password) if email and password else None
