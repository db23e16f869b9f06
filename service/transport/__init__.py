"""The email provider behind one small interface: build a payload, send it, classify the outcome."""

from __future__ import annotations

from service.transport.sendgrid import (
    Outcome,
    Outgoing,
    SendGridTransport,
    SendResult,
    build_payload,
    transport_for,
)

__all__ = ["Outcome", "Outgoing", "SendGridTransport", "SendResult", "build_payload", "transport_for"]
