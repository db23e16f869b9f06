"""Imports flow one way: workers/ imports service/, never the reverse; jobs are enqueued by name."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from service import queues
from service.settings import PROJECT_ROOT

SERVICE = PROJECT_ROOT / "service"


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement in `path` names, wherever it sits (function bodies included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            found += [(node.lineno, arg.value) for arg in node.args if isinstance(arg, ast.Constant)]
    return found


def test_no_module_under_service_imports_workers() -> None:
    modules = sorted(SERVICE.rglob("*.py"))
    assert len(modules) > 100  # the walk really saw the package
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}:{line} imports {name}"
        for path in modules
        for line, name in _imported_modules(path)
        if name == "workers" or name.startswith("workers.")
    ]
    assert offenders == []


def test_the_check_itself_sees_imports_in_every_form(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import workers.sending\nfrom workers import replies\n"
        "def f():\n    from workers.queues import x\n    importlib.import_module('workers.cron')\n"
    )
    names = [name for _, name in _imported_modules(sample)]
    assert {"workers.sending", "workers", "workers.queues", "workers.cron"} <= set(names)


def test_creating_the_web_app_loads_no_worker_module(tmp_path: Path) -> None:
    script = (
        "import sys; from service import create_app; from service.cli import main; create_app(); "
        "print(sorted(m for m in sys.modules if m == 'workers' or m.startswith('workers.')))"
    )
    env = {"PATH": "/usr/bin:/bin", "COACH_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", queues.JOB_NAMES)
def test_every_job_enqueued_by_name_exists_in_workers(name: str) -> None:
    module, _, function = name.rpartition(".")
    assert module.startswith("workers.")
    assert callable(getattr(importlib.import_module(module), function))
