"""Bank pages, downloads (a bank, or the student's missed or marked questions) and marks."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from exports.text import topic_title
from quizapp.blueprints.auth import current_record, login_required, safe_next
from quizapp.blueprints.forms import DownloadForm, MarkForm
from quizapp.services import library
from quizapp.services.errors import NotFound, ServiceError
from quizapp.services.library import UnknownFormat
from quizapp.state import engine, now

bp = Blueprint("library", __name__)

TYPE_LABELS = {
    "mcq": "Multiple choice",
    "multi": "Select all that apply",
    "truefalse": "True or false",
    "cloze": "Fill in the blank",
    "matching": "Matching",
    "flashcard": "Flashcard",
}
MAX_TOPICS = 200


@bp.get("/banks/<slug>")
@login_required
def bank(slug: str) -> str:
    try:
        page = library.bank_overview(engine(), slug)
    except NotFound:
        abort(404)
    return render_template("library/bank.html", bank=page)


@bp.post("/banks/<slug>/download")
@login_required
def bank_download(slug: str) -> Any:
    return _download("bank", url_for("library.bank", slug=slug), bank=slug)


@bp.post("/<any(missed, marked):selection>/download")
@login_required
def own_download(selection: str) -> Any:
    back = url_for("main.missed") if selection == "missed" else url_for("library.marked")
    return _download(selection, back)


def _download(selection: str, back: str, bank: str | None = None) -> Any:
    form = DownloadForm()
    if not form.validate_on_submit():
        return _bad_request("Choose a download format.")
    try:
        found = library.export_selection(
            engine(),
            current_record(),
            selection,
            form.format.data or "",
            bank=bank,
            topics=request.form.getlist("topic")[:MAX_TOPICS],
        )
    except NotFound:
        abort(404)
    except UnknownFormat as error:
        return _bad_request(str(error))
    except ServiceError as error:  # nothing selected, or content that cannot be written
        flash(str(error), "error")
        return redirect(back)
    stream = io.BytesIO(found.data)
    return send_file(stream, mimetype=found.mimetype, as_attachment=True, download_name=found.filename)


def _bad_request(message: str) -> tuple[str, int]:
    return render_template("error.html", code=400, message=message), 400


@bp.get("/marked")
@login_required
def marked() -> str:
    return render_template("library/marked.html", items=library.list_marked(engine(), current_record()))


@bp.post("/marks")
@login_required
def mark() -> Response:
    form = _mark_form()
    try:
        library.mark(engine(), current_record(), form.question_id.data or "", now())
    except NotFound:
        abort(404)
    flash("Marked. Find it under Marked questions.", "success")
    return redirect(safe_next(form.next.data or url_for("library.marked")))


@bp.post("/marks/remove")
@login_required
def unmark() -> Response:
    form = _mark_form()
    library.unmark(engine(), current_record(), form.question_id.data or "")
    flash("Unmarked.", "info")
    return redirect(safe_next(form.next.data or url_for("library.marked")))


def _mark_form() -> MarkForm:
    form = MarkForm()
    if not form.validate_on_submit():
        abort(400)
    return form


@bp.app_template_global()
def is_marked(question_id: str) -> bool:
    """For the study result page's Mark toggle (its view belongs to the study blueprint)."""
    if not current_user.is_authenticated:
        return False
    return library.is_marked(engine(), current_record(), question_id)


bp.add_app_template_global(library.format_choices, "download_formats")
bp.add_app_template_filter(topic_title, "topic_title")
bp.add_app_template_filter(lambda kind: TYPE_LABELS.get(kind, kind), "type_label")
