"""Exam blocks: the test builder, one question at a time with a navigator, results and history."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from exports.text import topic_title
from question_bank.authoring import DIFFICULTIES
from question_bank.types import get_type
from quizapp.blueprints.auth import current_record, login_required
from quizapp.blueprints.forms import ActionForm, BlockForm
from quizapp.blueprints.inputs import bounded_int
from quizapp.services import blocks
from quizapp.services.blocks import BLOCK_TYPES, MODES, BlockSpec, TimeUp
from quizapp.services.errors import Conflict, InvalidInput
from quizapp.state import engine, now, policy, reader
from quizapp.store import blocks as block_store
from quizapp.store import courses, questions
from quizapp.store.blocks import POOLS

bp = Blueprint("blocks", __name__, url_prefix="/blocks")

POOL_NAMES = {
    "all": "All questions",
    "unused": "Unused",
    "incorrect": "Incorrect last time",
    "marked": "Marked",
    "omitted": "Omitted in a block",
}
MODE_NAMES = {
    "tutor": "Tutor: the answer and explanations after each question",
    "timed": "Timed: a clock for the block, explanations at the end",
    "untimed": "Untimed: exam-style, explanations at the end",
}


def _builder() -> BlockForm:
    form = BlockForm()
    visible = courses.visible_banks(reader(), current_record().id)
    banks = questions.banks(reader(), visible)
    topics = block_store.topics(reader(), sorted(visible)) if visible else []
    form.banks.choices = [(row.slug, row.title) for row in banks]
    form.topics.choices = sorted({(t, topic_title(t)) for _, t, _ in topics}, key=lambda c: c[1])
    form.types.choices = [(name, get_type(name).label) for name in BLOCK_TYPES]
    form.pool.choices = [(name, POOL_NAMES[name]) for name in POOLS]
    form.difficulties.choices = [(d, d.capitalize()) for d in DIFFICULTIES]
    form.mode.choices = [(name, MODE_NAMES[name]) for name in MODES]
    return form


@bp.get("")
@login_required
def index() -> str:
    return render_template("blocks/index.html", history=blocks.history(reader(), current_record()))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    form = _builder()
    if request.method == "GET":  # a link may preset the pool and mode (the missed page's does)
        form.types.data = list(BLOCK_TYPES)
        if request.args.get("pool") in POOLS:
            form.pool.data = request.args["pool"]
        if request.args.get("mode") in MODES:
            form.mode.data = request.args["mode"]
    if form.validate_on_submit():
        spec = BlockSpec(
            banks=tuple(form.banks.data or ()),
            topics=tuple(form.topics.data or ()),
            types=tuple(form.types.data or ()),
            pool=form.pool.data,
            difficulties=tuple(form.difficulties.data or ()),
            count=form.count.data or 0,
            mode=form.mode.data,
            seconds_per_question=form.seconds_per_question.data or 90,
        )
        try:
            block_id = blocks.build(engine(), current_record(), spec, now())
        except InvalidInput as error:
            form.count.errors = [str(error)]
        else:
            return redirect(url_for("blocks.question", block_id=block_id, position=0))
    return render_template("blocks/new.html", form=form), 400 if form.errors else 200


@bp.get("/<int:block_id>")
@login_required
def resume(block_id: int) -> Response:
    shown = blocks.view(reader(), current_record(), block_id)
    if shown.finished:
        return redirect(url_for("blocks.results", block_id=block_id))
    return redirect(url_for("blocks.question", block_id=block_id, position=shown.block.position))


@bp.get("/<int:block_id>/<int:position>")
@login_required
def question(block_id: int, position: int) -> Any:
    shown = blocks.view(reader(), current_record(), block_id)
    item = shown.item(position)
    if not shown.finished:
        try:
            blocks.record_progress(engine(), current_record(), block_id, position=position, time_used_ms=None)
        except TimeUp:
            return _time_up(block_id)
    return render_template("blocks/question.html", shown=shown, item=item, q=item.question)


def _time_up(block_id: int) -> Response:
    blocks.submit(engine(), policy(), current_record(), block_id, now(), None)
    flash("Time is up: the block was submitted.", "info")
    return redirect(url_for("blocks.results", block_id=block_id))


def _time_used() -> int | None:
    return bounded_int(request.form.get("time_used_ms"))


def _target(position: int, total: int) -> int:
    """Where the student goes after saving: next, previous, or a question of the navigator."""
    go = request.form.get("go", "next")
    target = {"next": position + 1, "previous": position - 1, "stay": position}.get(go)
    target = bounded_int(go) if target is None else target
    return min(max(target or 0, 0), total - 1)


@bp.post("/<int:block_id>/<int:position>")
@login_required
def answer(block_id: int, position: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    shown = blocks.view(reader(), current_record(), block_id)
    shown.item(position)  # 404 for a position the block does not have
    response = request.form.getlist("choice")
    go = _target(position, shown.block.total)
    fetched = request.headers.get("X-Requested-With") == "fetch"  # block.js saving a pick
    try:
        if response:
            blocks.save_answer(
                engine(), current_record(), block_id, position, response, time_used_ms=_time_used(), now=now()
            )
            if shown.block.mode == "tutor" and request.form.get("go") != "stay":
                go = position  # tutor: the explanation first, then on
        else:
            time_used = _time_used()
            blocks.record_progress(engine(), current_record(), block_id, position=go, time_used_ms=time_used)
    except TimeUp:
        return Response(status=409) if fetched else _time_up(block_id)
    except Conflict as error:
        if fetched:
            return Response(status=409)
        flash(str(error), "info")
    except InvalidInput as error:
        if fetched:
            return Response(status=400)
        flash(str(error), "error")
        go = position
    if fetched:
        return Response(status=204)
    return redirect(url_for("blocks.question", block_id=block_id, position=go))


@bp.post("/<int:block_id>/<int:position>/mark")
@login_required
def mark(block_id: int, position: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        blocks.toggle_mark(engine(), current_record(), block_id, position)
    except Conflict as error:
        flash(str(error), "info")
    return _back_or_json(block_id, position)


@bp.post("/<int:block_id>/<int:position>/strike")
@login_required
def strike(block_id: int, position: int) -> Response:
    blocks.view(reader(), current_record(), block_id).item(position)  # 404 before 400
    option = bounded_int(request.form.get("option"))
    if not ActionForm().validate_on_submit() or option is None:
        abort(400)
    try:
        blocks.toggle_strike(engine(), current_record(), block_id, position, option)
    except (Conflict, InvalidInput) as error:
        flash(str(error), "info")
    return _back_or_json(block_id, position)


def _back_or_json(block_id: int, position: int) -> Response:
    # block.js sends these with fetch and needs no page; without script the page reloads.
    if request.headers.get("X-Requested-With") == "fetch":
        return Response(status=204)
    return redirect(url_for("blocks.question", block_id=block_id, position=position))


@bp.post("/<int:block_id>/time")
@login_required
def time(block_id: int) -> Response:
    """The page's clock reporting the time used (every few seconds, and when the page is left)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        blocks.record_progress(engine(), current_record(), block_id, position=None, time_used_ms=_time_used())
    except Conflict:
        return Response(status=409)  # finished or out of time: the page submits
    return Response(status=204)


@bp.post("/<int:block_id>/submit")
@login_required
def submit(block_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    blocks.submit(engine(), policy(), current_record(), block_id, now(), _time_used())
    return redirect(url_for("blocks.results", block_id=block_id))


@bp.get("/<int:block_id>/results")
@login_required
def results(block_id: int) -> Any:
    shown = blocks.view(reader(), current_record(), block_id)
    if not shown.finished:
        return redirect(url_for("blocks.question", block_id=block_id, position=shown.block.position))
    names = {item.question.topic or "": topic_title(item.question.topic or "other") for item in shown.items}
    score = blocks.score(shown, names)
    return render_template("blocks/results.html", shown=shown, score=score)
