"""Bank pages, downloads (a bank, or the student's missed or marked questions) and marks."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from exports.text import topic_title
from question_bank import Question
from question_bank.types import QUESTION_TYPES
from quizapp.blueprints.auth import current_record, login_required, safe_next
from quizapp.blueprints.forms import DownloadForm, MarkForm
from quizapp.services import bank_images, library
from quizapp.services.errors import InvalidInput
from quizapp.services.library import ExportFailed, NothingToExport
from quizapp.state import engine, now

bp = Blueprint("library", __name__)


def type_label(name: str) -> str:
    """A question type's name as students read it ("Multiple choice"), from the registry."""
    found = QUESTION_TYPES.get(name)
    return found.label if found else name


MAX_TOPICS = 200


@bp.get("/banks/<slug>")
@login_required
def bank(slug: str) -> str:
    page = library.bank_overview(engine(), current_record(), slug)
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
        raise InvalidInput("Choose a download format.")
    try:
        found = library.export_selection(
            engine(),
            current_record(),
            selection,
            form.format.data or "",
            bank=bank,
            topics=request.form.getlist("topic")[:MAX_TOPICS],
            one_deck=request.form.get("one_deck") == "1",
        )
    except (NothingToExport, ExportFailed) as error:
        flash(str(error), "error")
        return redirect(back)
    stream = io.BytesIO(found.data)
    return send_file(stream, mimetype=found.mimetype, as_attachment=True, download_name=found.filename)


@bp.get("/marked")
@login_required
def marked() -> str:
    return render_template("library/marked.html", items=library.list_marked(engine(), current_record()))


@bp.post("/marks")
@login_required
def mark() -> Response:
    form = _mark_form()
    library.mark(engine(), current_record(), form.question_id.data or "", now())
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


@bp.get("/banks/<slug>/images/<path:name>")
@login_required
def bank_image(slug: str, name: str) -> Response:
    """An image file of a bundled bank's folder, for an account that sees the bank."""
    found = bank_images.get(engine(), current_record(), slug, name)
    response = Response(found.data, mimetype=found.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = bank_images.IMAGE_CSP  # an SVG runs nothing
    return response


@dataclass(frozen=True)
class Picture:
    url: str
    alt: str


def question_pictures(question: Question) -> list[Picture]:
    """A question's images (its own and its answer's) that its bank's folder holds, for the pages
    shown after answering; a name the folder lacks is left out rather than shown broken."""
    pictures = []
    for name in question.all_media:
        alt = bank_images.description(question.bank, name)
        if alt is not None:
            pictures.append(Picture(url_for("library.bank_image", slug=question.bank, name=name), alt))
    return pictures


bp.add_app_template_global(question_pictures, "question_pictures")
bp.add_app_template_global(library.format_choices, "download_formats")
bp.add_app_template_filter(topic_title, "topic_title")
bp.add_app_template_filter(type_label, "type_label")
