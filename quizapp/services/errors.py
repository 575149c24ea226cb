"""Failures a use-case reports to its caller, each with a message fit to show a user."""


class ServiceError(Exception):
    """Base class; `str(error)` is the user-facing message."""


class NotFound(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class Conflict(ServiceError):
    """The request was valid but the data moved on (answered in another tab, undone, ...)."""


class Forbidden(ServiceError):
    """The account may not do this (a student creating a course, an instructor another's bank)."""
