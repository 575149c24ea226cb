"""Error pages: a clear message and a 4xx for bad input, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "The request was not understood.",
    403: "You are not allowed to do that.",
    404: "That page does not exist.",
    405: "That action is not available here.",
    409: "That changed in the meantime.",
    429: "Too many attempts. Wait a minute and try again.",
    500: "Something went wrong on our side.",
}


def _page(code: int, message: str) -> tuple[str, int]:
    return render_template("error.html", code=code, message=message), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _page(400, "The form expired or was sent from elsewhere. Reload and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return _page(code, MESSAGES.get(code, error.description or "Error."))
