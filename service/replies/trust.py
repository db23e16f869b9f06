"""Whether a matched reply proves its sender well enough to carry out an email command.

A reply may give a command (STOP, PAUSE, …) only when it carries the manager's own reply token, or when
DKIM passes for exactly the domain of its From address and that address is the manager's. SPF never
counts: it judges the envelope sender, which whoever sends the email chooses. Everything else is a
reflection, and a command in it waits for the manager to confirm by a link (`service.replies.confirm`).
"""

from __future__ import annotations

import re

from service.replies.matching import Match
from service.replies.mime import ParsedInbound

# One entry of Inbound Parse's `dkim` field: "{@example.com : pass, @mailer.example : fail}".
_DKIM_ENTRY = re.compile(r"^@?([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)\.?\s*:\s*([a-z]+)$", re.IGNORECASE)
# The d= tag of a DKIM-Signature header (tags are separated by ";").
_D_TAG = re.compile(r"(?:^|;)\s*d\s*=\s*([^;]*)", re.IGNORECASE)


def sender_trusted_for_commands(match: Match, parsed: ParsedInbound) -> bool:
    """The one rule: a reply token, or DKIM aligned with the From domain for the manager's own address."""
    if match.matched_by == "token":
        return True
    manager = match.manager
    if manager is None or not parsed.from_address:
        return False
    if parsed.from_address.strip().lower() != manager.email.strip().lower():
        return False
    return dkim_passes_for(parsed, from_domain(parsed.from_address))


def from_domain(address: str) -> str:
    """The domain of an address, lower-case, without a trailing dot ("" when there is none)."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local:
        return ""
    return domain.lower().rstrip(".")


def dkim_passes_for(parsed: ParsedInbound, domain: str) -> bool:
    """Inbound Parse reports `pass` for exactly `domain`, and the email carries a signature with d=`domain`.

    Each entry of the `dkim` field is matched whole, so a pass for notexample.com or example.com.evil
    is not one for example.com. A field that is not a list of well-formed entries counts for nothing
    (the d= tag of a signature may hold spaces, colons and commas, so a forged tag could otherwise
    write its own "@example.com : pass" into the field); the d= cross-check catches the same trick.
    """
    if not domain:
        return False
    results = dkim_results(parsed.dkim)
    if results is None or "pass" not in results.get(domain, set()):
        return False
    return domain in signature_domains(parsed.headers.get("dkim-signature", ()))


def dkim_results(field: str) -> dict[str, set[str]] | None:
    """The `dkim` field as {domain: {results}}; None when any entry is malformed."""
    inner = field.strip()
    if inner.startswith("{") and inner.endswith("}"):
        inner = inner[1:-1]
    results: dict[str, set[str]] = {}
    if not inner.strip():
        return results
    for entry in inner.split(","):
        found = _DKIM_ENTRY.match(entry.strip())
        if found is None:
            return None
        results.setdefault(found.group(1).lower(), set()).add(found.group(2).lower())
    return results


def signature_domains(headers: tuple[str, ...]) -> set[str]:
    """The d= domains of the DKIM-Signature headers, lower-case, only when each is a bare domain name."""
    domains: set[str] = set()
    for header in headers:
        unfolded = re.sub(r"\s+", " ", header)
        found = _D_TAG.search(unfolded)
        if found is None:
            continue
        value = found.group(1).strip().lower().rstrip(".")
        if re.fullmatch(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?", value):
            domains.add(value)
    return domains
