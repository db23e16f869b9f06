"""Coaching nudges for sales managers: the Flask application package."""

from service.app import create_app

__all__ = ["create_app"]
