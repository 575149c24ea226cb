"""The instructor's pages: banks, the question editor with its live preview and lint, versions,
images. Every page checks that the account is an author of the bank (404 otherwise)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from question_bank.authoring import WRITABLE, FieldErrors, assemble, build, findings
from question_bank.types import get_type
from quizapp.blueprints.auth import current_record, login_required
from quizapp.blueprints.author_forms import BankForm, CoauthorForm, ImageForm, QuestionForm, UploadForm
from quizapp.blueprints.forms import ActionForm
from quizapp.services import authoring, courses, uploads
from quizapp.services import media as images
from quizapp.services.errors import InvalidInput, ServiceError
from quizapp.state import engine, now

bp = Blueprint("author", __name__)


def _writer() -> None:
    courses.require_writer(current_record())


@bp.get("/write")
@login_required
def index() -> str:
    _writer()
    banks = authoring.my_banks(engine(), current_record())
    return render_template("author/index.html", banks=banks, form=BankForm())


@bp.post("/write/banks")
@login_required
def create_bank() -> Response:
    _writer()
    form = BankForm()
    if not form.validate_on_submit():
        flash("Give the bank a title (at most 300 characters).", "error")
        return redirect(url_for("author.index"))
    slug = authoring.create_bank(
        engine(), current_record(), form.title.data, form.description.data or "", now()
    )
    flash("Bank created. Write its first question, then add it to a course.", "success")
    return redirect(url_for("author.bank", slug=slug))


@bp.route("/write/import", methods=["GET", "POST"])
@login_required
def upload() -> Any:
    """A bank folder (zipped) becomes a bank; questions from Moodle and others become drafts."""
    _writer()
    form = UploadForm()
    form.format.choices = list(UploadForm.FORMATS)
    form.bank.choices = [(b["slug"], b["title"]) for b in authoring.my_banks(engine(), current_record())]
    result: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            result, status = {"error": "Choose a file and what it holds."}, 400
        else:
            result, status = _uploaded(form)
            if status == 303:
                return redirect(result["to"], 303)
    return render_template("author/upload.html", form=form, result=result), status


def _uploaded(form: UploadForm) -> tuple[dict[str, Any], int]:
    data = form.file.data.read()
    user = current_record()
    try:
        if form.format.data == "bank-zip":
            report = uploads.upload_bank(engine(), user, data, now(), check_only=form.check_only.data)
            if report is None:
                return {"summary": "The bank has no error; nothing was stored.", "problems": []}, 200
            flash(f"Loaded {report.summary()}.", "success")
            return {"to": url_for("author.bank", slug=report.slug)}, 303
        imported = uploads.import_questions(
            engine(),
            user,
            form.bank.data or "",
            data,
            form.format.data,
            now(),
            check_only=form.check_only.data,
        )
    except uploads.BankFileErrors as error:
        return {"error": str(error), "problems": [str(p) for p in error.problems]}, 400
    except InvalidInput as error:
        return {"error": str(error)}, 400
    problems = [str(p) for p in imported.problems]
    if imported.stored:
        flash(f"{imported.drafts} question(s) imported as drafts: read them, then publish.", "success")
        return {"to": url_for("author.bank", slug=form.bank.data)}, 303
    errors = any(p.severity == "error" for p in imported.problems)
    summary = f"{imported.drafts} question(s) understood" + (
        "; nothing was stored." if errors or form.check_only.data else "."
    )
    return {"summary": summary, "problems": problems}, (400 if errors else 200)


@bp.get("/write/banks/<slug>")
@login_required
def bank(slug: str) -> str:
    page = authoring.bank_editor(engine(), current_record(), slug)
    types = [(name, get_type(name).label) for name in WRITABLE]
    return render_template(
        "author/bank.html", page=page, coauthor_form=CoauthorForm(), image_form=ImageForm(), types=types
    )


@bp.post("/write/banks/<slug>/coauthors")
@login_required
def add_coauthor(slug: str) -> Response:
    authoring.check_owner(engine(), current_record(), slug)
    form = CoauthorForm()
    if not form.validate_on_submit():
        flash("Type the co-author's email address.", "error")
    else:
        try:
            email = authoring.add_coauthor(engine(), current_record(), slug, form.email.data)
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(f"{email} can now edit this bank.", "success")
    return redirect(url_for("author.bank", slug=slug))


@bp.post("/write/banks/<slug>/coauthors/<int:user_id>/remove")
@login_required
def remove_coauthor(slug: str, user_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    authoring.remove_coauthor(engine(), current_record(), slug, user_id)
    flash("Co-author removed.", "success")
    return redirect(url_for("author.bank", slug=slug))


@bp.route("/write/banks/<slug>/new", methods=["GET", "POST"])
@login_required
def new_question(slug: str) -> Any:
    authoring.check_editor(engine(), current_record(), slug)
    form = QuestionForm()
    if request.method == "GET":
        form.type.data = request.args.get("type", "vignette")
        if form.type.data not in dict(form.type.choices):
            abort(404)
    return _editor(form, slug, question_id=None, published_version=0)


@bp.route("/write/questions/<question_id>", methods=["GET", "POST"])
@login_required
def edit_question(question_id: str) -> Any:
    current = authoring.editing(engine(), current_record(), question_id)
    form = QuestionForm()
    if request.method == "GET":
        form.fill(current.written)
    return _editor(form, current.bank, question_id=question_id, published_version=current.published_version)


def _editor(form: QuestionForm, slug: str, *, question_id: str | None, published_version: int) -> Any:
    """Show the editor, or save what was typed as a draft and publish it if asked."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            errors = {name: list(found) for name, found in form.errors.items() if isinstance(found, list)}
            errors = errors or {"prompt": ["The form could not be read; check every field."]}
        else:
            try:
                saved = authoring.save_draft(
                    engine(), current_record(), slug, question_id, form.written(), now()
                )
            except FieldErrors as error:
                errors = error.errors
            else:
                return _after_save(saved)
    lint = _lint(form, slug, question_id) if not errors else {}
    return render_template(
        "author/editor.html",
        form=form,
        slug=slug,
        question_id=question_id,
        published_version=published_version,
        errors=errors,
        lint=lint,
        image_form=ImageForm(),
    ), (400 if errors else 200)


def _after_save(question_id: str) -> Response:
    if request.form.get("action") == "publish":
        version = authoring.publish(engine(), current_record(), question_id, now())
        flash(f"Published as version {version}; students see it now.", "success")
    else:
        flash("Draft saved. Students do not see it until you publish it.", "success")
    return redirect(url_for("author.edit_question", question_id=question_id))


def _lint(form: QuestionForm, slug: str, question_id: str | None) -> dict[str, list[str]]:
    try:
        return findings(build(form.written(), question_id=question_id or "new", bank=slug))
    except FieldErrors:
        return {}


@bp.post("/write/check")
@login_required
def check() -> Response:
    """The live preview and lint while an author types: JSON, nothing stored."""
    _writer()
    form = QuestionForm()
    if not form.validate_on_submit():
        return jsonify(preview="", errors={"form": ["The form could not be read."]}, findings={})
    written = form.written()
    draft, missing = assemble(written, question_id="preview", bank="preview")
    try:
        question = build(written, question_id="preview", bank="preview")
    except FieldErrors as error:  # unfinished: what is missing, and the lint of what is there
        missing = missing or error.errors
        found = {name: f for name, f in findings(draft).items() if name not in missing}
        return jsonify(preview="", errors=missing, findings=found)
    preview = render_template("author/_preview.html", q=question, qtype=get_type(question.type))
    return jsonify(preview=preview, errors={}, findings=findings(question))


@bp.post("/write/questions/<question_id>/publish")
@login_required
def publish(question_id: str) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    version = authoring.publish(engine(), current_record(), question_id, now())
    flash(f"Published as version {version}; students see it now.", "success")
    return redirect(url_for("author.edit_question", question_id=question_id))


@bp.post("/write/questions/<question_id>/discard")
@login_required
def discard(question_id: str) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    slug = authoring.discard_draft(engine(), current_record(), question_id)
    flash("Draft discarded.", "success")
    return redirect(url_for("author.bank", slug=slug))


@bp.get("/write/questions/<question_id>/history")
@login_required
def history(question_id: str) -> str:
    slug, changes = authoring.history(engine(), current_record(), question_id)
    return render_template("author/history.html", slug=slug, question_id=question_id, changes=changes)


@bp.post("/write/questions/<question_id>/restore/<int:version>")
@login_required
def restore(question_id: str, version: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    made = authoring.restore(engine(), current_record(), question_id, version, now())
    flash(f"Version {version} restored as version {made}.", "success")
    return redirect(url_for("author.history", question_id=question_id))


@bp.post("/write/banks/<slug>/images")
@login_required
def upload_image(slug: str) -> Any:
    authoring.check_editor(engine(), current_record(), slug)
    form = ImageForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form.validate_on_submit():
        message = "Choose an image file to upload."
        return (jsonify(error=message), 400) if wants_json else _flash_back(slug, message)
    try:
        name = images.upload(engine(), current_record(), slug, form.image.data.read(), now())
    except InvalidInput as error:
        return (jsonify(error=str(error)), 400) if wants_json else _flash_back(slug, str(error))
    markdown = f"![Describe the image]({url_for('author.media', slug=slug, name=name)})"
    if wants_json:
        return jsonify(markdown=markdown)
    flash(f"Image uploaded. Put it in a question with: {markdown}", "success")
    return redirect(url_for("author.bank", slug=slug))


def _flash_back(slug: str, message: str) -> Response:
    flash(message, "error")
    return redirect(url_for("author.bank", slug=slug))


@bp.get("/media/<slug>/<name>")
@login_required
def media(slug: str, name: str) -> Response:
    content_type, data = images.get(engine(), current_record(), slug, name)
    response = Response(data, mimetype=content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
