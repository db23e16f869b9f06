"""Managers' pages: subscribe, confirm, preference centre, unsubscribe."""

from flask import Blueprint

blueprint = Blueprint("public", __name__)

# Routes live in submodules; importing them registers them on the blueprint.
from service.public import (  # noqa: E402
    answer,
    commands,
    commitments,
    confirm,
    errors,
    join,
    lessons,
    link_request,
    moves,
    preferences,
    privacy,
    reflections,
    subscribe,
    template_globals,
    unsubscribe,
)

__all__ = [
    "answer",
    "blueprint",
    "commands",
    "commitments",
    "confirm",
    "errors",
    "join",
    "lessons",
    "link_request",
    "moves",
    "preferences",
    "privacy",
    "reflections",
    "subscribe",
    "template_globals",
    "unsubscribe",
]
