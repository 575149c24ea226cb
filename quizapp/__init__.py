"""The Flask study app: storage, scheduling, services, views and the CLI."""

from quizapp.app import create_app

__all__ = ["create_app"]
