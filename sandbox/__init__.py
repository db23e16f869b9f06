"""A local SendGrid stand-in: v3 mail/send with faults, an inbox, Inbound Parse replies, signed events."""

from __future__ import annotations

from sandbox.app import create_sandbox_app
from sandbox.config import FaultSettings, SandboxConfig

__all__ = ["FaultSettings", "SandboxConfig", "create_sandbox_app"]
