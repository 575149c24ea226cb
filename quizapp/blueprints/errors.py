"""Error pages: a clear message and a 4xx for bad input, never a traceback.

Service errors that reach a view unhandled are mapped to their status here, once; a view
catches one only to do something else with it (flash it and redirect).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from quizapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError

MESSAGES = {
    400: "The request was not understood.",
    403: "You are not allowed to do that.",
    404: "That page does not exist.",
    405: "That action is not available here.",
    409: "That changed in the meantime.",
    413: "That upload is too large: an image is at most 2 MB.",
    429: "Too many attempts. Wait a minute and try again.",
    500: "Something went wrong on our side.",
}


def _page(code: int, message: str) -> tuple[str, int]:
    return render_template("error.html", code=code, message=message), code


# A missing thing gets the same page as a missing URL; bad input and conflicts say what was wrong.
SERVICE_STATUSES: dict[type[ServiceError], tuple[int, bool]] = {
    NotFound: (404, False),
    Forbidden: (403, False),
    InvalidInput: (400, True),
    Conflict: (409, True),
}


def register_error_handlers(app: Flask) -> None:
    for kind, (code, says_why) in SERVICE_STATUSES.items():
        app.register_error_handler(kind, _service_error(code, says_why))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _page(400, "The form expired or was sent from elsewhere. Reload and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return _page(code, MESSAGES.get(code, error.description or "Error."))


def _service_error(code: int, says_why: bool) -> Callable[[ServiceError], tuple[str, int]]:
    def handle(error: ServiceError) -> tuple[str, int]:
        return _page(code, (says_why and str(error)) or MESSAGES[code])

    return handle
