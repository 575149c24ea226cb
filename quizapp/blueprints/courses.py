"""Courses: instructors create them and add banks; students join with the code."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.blueprints.auth import current_record, login_required
from quizapp.blueprints.author_forms import AttachForm, CourseForm, JoinForm
from quizapp.blueprints.forms import ActionForm
from quizapp.services import courses
from quizapp.services.errors import InvalidInput, ServiceError
from quizapp.state import engine, now

bp = Blueprint("courses", __name__, url_prefix="/courses")


@bp.get("")
@login_required
def index() -> str:
    user = current_record()
    return render_template(
        "courses/index.html",
        mine=courses.mine(engine(), user),
        join_form=JoinForm(),
        course_form=CourseForm() if user.role in courses.WRITERS else None,
    )


@bp.post("")
@login_required
def create() -> Response:
    courses.require_writer(current_record())
    form = CourseForm()
    if not form.validate_on_submit():
        flash("Give the course a title (at most 200 characters).", "error")
        return redirect(url_for("courses.index"))
    course_id = courses.create(engine(), current_record(), form.title.data, now())
    flash("Course created. Give your students its join code.", "success")
    return redirect(url_for("courses.course", course_id=course_id))


@bp.post("/join")
@login_required
def join() -> Response:
    form = JoinForm()
    if not form.validate_on_submit():
        flash("Type the join code your instructor gave you.", "error")
        return redirect(url_for("courses.index"))
    try:
        joined = courses.join(engine(), current_record(), form.code.data, now())
    except ServiceError as error:
        flash(str(error), "error")
        return redirect(url_for("courses.index"))
    flash(f"You joined {joined.title}; its banks are on your decks page.", "success")
    return redirect(url_for("main.home"))


@bp.get("/<int:course_id>")
@login_required
def course(course_id: int) -> str:
    page = courses.page(engine(), current_record(), course_id)
    form = AttachForm()
    form.bank.choices = [(slug, title) for slug, title in page.attachable if slug not in page.banks]
    titles = dict(page.attachable)
    return render_template("courses/course.html", page=page, attach_form=form, titles=titles)


@bp.post("/<int:course_id>/banks")
@login_required
def attach(course_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        courses.attach_bank(engine(), current_record(), course_id, request.form.get("bank", ""))
    except InvalidInput as error:
        flash(str(error), "error")
    else:
        flash("Bank added: the course's students now study it.", "success")
    return redirect(url_for("courses.course", course_id=course_id))


@bp.post("/<int:course_id>/closed")
@login_required
def set_closed(course_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    closed = request.form.get("closed") == "1"
    courses.set_closed(engine(), current_record(), course_id, closed)
    flash(
        "The course is closed to new students." if closed else "The course takes new students again.",
        "success",
    )
    return redirect(url_for("courses.course", course_id=course_id))


@bp.post("/<int:course_id>/code")
@login_required
def renew_code(course_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    courses.renew_code(engine(), current_record(), course_id)
    flash("New join code made; the old one no longer works.", "success")
    return redirect(url_for("courses.course", course_id=course_id))
