"""Mail that no person wrote: bounces, delivery reports, read receipts, challenge-response checks.

Such mail reaches a reply address when a manager's mailbox is full, gone or guarded by a
challenge-response filter, or their client sends read receipts. It is never a reflection and never
a command, so the reply worker records the post as "ignored" with the reason this module gives.
Out-of-office answers are different: `service.replies.autoreply` keeps them as replies that don't count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# RFC 3464 delivery-status and RFC 8098 disposition-notification reports.
_REPORT = re.compile(r"multipart/report|message/delivery-status|message/disposition-notification", re.I)
_DAEMON = re.compile(
    r"^(?:mailer-daemon|postmaster|mail-daemon|mail-delivery-subsystem|mailerdaemon|bounces?|"
    r"microsoftexchange[0-9a-f]*)@",
    re.I,
)
_BOUNCE_SUBJECT = re.compile(
    r"^(?:"  # a person's "Re: Undeliverable promises" is no bounce: reports start with their own words
    r"undeliverable|undelivered mail|delivery status notification|delivery has failed|delivery failure|"
    r"mail delivery failed|returned mail|failure notice|mail system error|message not delivered|"
    r"unzustellbar|nicht zustellbar|benachrichtung zum übermittlungsstatus|übermittlungsstatus|"
    r"non remis|échec de la remise|notification d'état de remise|"
    r"no se puede entregar|no entregado|notificación de estado de entrega|"
    r"onbestelbaar|niet bezorgd|"
    r"non recapitabile|mancato recapito|notifica stato recapito|"
    r"não entregue|nao entregue|notificação de status de entrega|impossível entregar"
    r")",
    re.I,
)
_RECEIPT_SUBJECT = re.compile(
    r"^(?:read|gelesen|lu|leído|leido|gelezen|letto|lida|lido|read receipt|return receipt)\s*:", re.I
)
_CHALLENGE_SUBJECT = re.compile(
    r"please (?:verify|confirm) (?:your|that you)|sender verification|verify your (?:email|message)|"
    r"i am protected by|awaiting your confirmation|bestätigen sie ihre (?:e-mail|nachricht)|"
    r"confirmez votre (?:e-mail|message)|verifique su (?:correo|mensaje)",
    re.I,
)
_CHALLENGE_HEADERS = (
    "x-boxbe-status",
    "x-spamarrest-challenge",
    "x-challenge",
    "x-cr-challenge",
    "x-mailchannels-cr",
)
_BOUNCE_HEADERS = ("x-failed-recipients",)


def machine_mail_reason(header: Callable[[str], str | None], sender: str, subject: str) -> str | None:
    """Why this is not a person's reply (a few words for the admin), or None when a person wrote it."""
    content_type = header("content-type") or ""
    if _REPORT.search(content_type):
        if "disposition-notification" in content_type.lower():
            return "a read receipt"
        return "a delivery-status report (bounce)"
    if any(header(name) is not None for name in _BOUNCE_HEADERS):
        return "a delivery-status report (bounce)"
    if _DAEMON.match(sender.strip()):
        return f"mail from {sender.split('@')[0].lower()} (bounce)"
    if _BOUNCE_SUBJECT.match(subject.strip()):
        return "a delivery-failure notice (bounce)"
    if _RECEIPT_SUBJECT.match(subject.strip()):
        return "a read receipt"
    if any(header(name) is not None for name in _CHALLENGE_HEADERS) or _CHALLENGE_SUBJECT.search(subject):
        return "a challenge-response check"
    return None
