"""Managers' pages: subscribe, confirm, preference centre, unsubscribe."""

from flask import Blueprint

blueprint = Blueprint("public", __name__)
