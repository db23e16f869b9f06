"""Development credentials shared by the service and the sandbox; the environment always wins."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

FILE_NAME = "dev-secrets.json"


def ensure_dev_secrets(instance: Path) -> dict[str, str]:
    """Load, or create once, INBOUND_AUTH and an ECDSA P-256 event-signing key pair."""
    path = instance / FILE_NAME
    if path.exists():
        data: dict[str, str] = json.loads(path.read_text())
        return data
    private_key = ec.generate_private_key(ec.SECP256R1())
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    data = {
        "INBOUND_AUTH": f"parse:{secrets.token_urlsafe(18)}",
        "SANDBOX_EVENT_PRIVATE_KEY": private_pem,
        "SENDGRID_EVENT_PUBLIC_KEY": public_key_base64(private_key.public_key()),
    }
    instance.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))
    path.chmod(0o600)
    return data


def public_key_base64(public_key: ec.EllipticCurvePublicKey) -> str:
    """The public half as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo, no PEM armour."""
    pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return "".join(line for line in pem.splitlines() if line and not line.startswith("-----"))


def dev_environment(instance: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """Variables for the child processes: generated values only where the user set none."""
    generated = ensure_dev_secrets(instance)
    extra: dict[str, str] = {}
    if not environ.get("INBOUND_AUTH"):
        extra["INBOUND_AUTH"] = generated["INBOUND_AUTH"]
    if not environ.get("SENDGRID_EVENT_PUBLIC_KEY"):
        extra["SENDGRID_EVENT_PUBLIC_KEY"] = generated["SENDGRID_EVENT_PUBLIC_KEY"]
        if not environ.get("SANDBOX_EVENT_PRIVATE_KEY"):
            extra["SANDBOX_EVENT_PRIVATE_KEY"] = generated["SANDBOX_EVENT_PRIVATE_KEY"]
    return extra
