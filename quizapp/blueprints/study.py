"""The study loop: question, answer, result with grade buttons, regrade, undo, suspend."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from question_bank.types import QUESTION_TYPES
from quizapp.blueprints.auth import current_record, login_required
from quizapp.blueprints.forms import ActionForm, AnswerForm, GradeForm
from quizapp.blueprints.inputs import bounded_int
from quizapp.services import blocks, study
from quizapp.services.errors import Conflict, InvalidInput
from quizapp.state import engine, now, policy, reader
from quizapp.store import marks, questions
from quizapp.store.cards import Scope

bp = Blueprint("study", __name__, url_prefix="/study")


def _scope(args: Any) -> Scope:
    """What to study, from the query string or a form: a bank, a tag, topics, one type, a block."""
    bank, tag = args.get("bank") or None, args.get("tag") or None
    topics = tuple(t for t in args.getlist("topic") if t)
    qtype = args.get("type") or None
    too_long = (bank and len(bank) > 100) or (tag and len(tag) > 255) or any(len(t) > 100 for t in topics)
    if too_long or len(topics) > 50 or (qtype is not None and qtype not in QUESTION_TYPES):
        abort(400)
    block = bounded_int(args.get("block")) if args.get("block") else None
    if block is not None:
        blocks.view(reader(), current_record(), block)  # 404 unless it is the student's own
    return Scope(bank, tag, block, topics, qtype)


def _scope_args(scope: Scope) -> dict[str, Any]:
    pairs = (
        ("bank", scope.bank),
        ("tag", scope.tag),
        ("block", scope.block),
        ("topic", list(scope.topics)),
        ("type", scope.qtype),
    )
    return {k: v for k, v in pairs if v}


def _query(args: dict[str, Any]) -> str:
    """The query string url_for would append for `args`, encoded as Werkzeug does.

    Built once for the question page's forms: url_for spends more on the query string than
    on the path.
    """
    return "?" + urlencode(args, doseq=True, safe="!$'()*,/:;?@") if args else ""


@bp.post("/start")
@login_required
def start() -> Response:
    scope = _scope(request.form)
    if not ActionForm().validate_on_submit():
        abort(400)
    study.start(engine(), current_record(), scope)
    return redirect(url_for("study.question", **_scope_args(scope)))


@bp.get("")
@login_required
def question() -> Any:
    args = request.args
    scope = _scope(args)
    found = study.next_card(reader(), policy(), current_record(), scope, now())
    scope_args = _scope_args(scope)
    if found is None:
        if scope.bank is not None and not questions.bank_exists(reader(), scope.bank):
            abort(404)  # checked only here: a card found proves the bank exists
        return render_template("study/done.html", scope_args=scope_args)
    return render_template(
        "study/question.html",
        next=found,
        card=found.card,
        q=found.card.question,
        last=bounded_int(args.get("last")),
        marked=marks.is_marked(reader(), current_record().id, found.card.question.id),
        scope_args=scope_args,
        scope_query=_query(scope_args),
    )


@bp.post("/answer")
@login_required
def answer() -> Response:
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    scope_args = _scope_args(_scope(request.form))
    try:
        answered = study.submit(
            engine(),
            policy(),
            current_record(),
            card_id=form.card_id.data or 0,
            version=form.version.data or 0,
            response=request.form.getlist("choice"),
            rating=form.rating.data,
            duration_ms=form.duration_ms.data,
            now=now(),
        )
    except InvalidInput as error:
        flash(str(error), "error")
        return redirect(url_for("study.question", **scope_args))
    except Conflict as error:
        flash(str(error), "info")
        return redirect(url_for("study.question", **scope_args))
    if answered.duplicate:  # Back, then answering again: the first answer stands
        flash("You had already answered this question; here is the answer you gave first.", "info")
    if form.rating.data:  # self-graded: the student saw the answer already
        return redirect(url_for("study.question", last=answered.review_id, **scope_args))
    return redirect(url_for("study.result", review_id=answered.review_id, **scope_args))


@bp.get("/result/<int:review_id>")
@login_required
def result(review_id: int) -> str:
    shown = study.result(reader(), policy(), current_record(), review_id)
    return render_template(
        "study/result.html",
        r=shown,
        q=shown.card.question,
        marked=shown.marked,
        scope_args=_scope_args(_scope(request.args)),
    )


@bp.post("/result/<int:review_id>/grade")
@login_required
def regrade(review_id: int) -> Response:
    form = GradeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        study.regrade(engine(), policy(), current_record(), review_id, form.rating.data or 0)
    except Conflict as error:
        flash(str(error), "info")
    return redirect(url_for("study.question", last=review_id, **_scope_args(_scope(request.args))))


@bp.post("/result/<int:review_id>/undo")
@login_required
def undo(review_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        study.undo(engine(), policy(), current_record(), review_id)
    except Conflict as error:
        flash(str(error), "info")
    else:
        flash("Answer undone.", "success")
    return redirect(url_for("study.question", **_scope_args(_scope(request.args))))


@bp.post("/cards/<int:card_id>/suspend")
@login_required
def suspend(card_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    study.suspend(engine(), current_record(), card_id)
    flash("Question suspended. Restore it from Suspended.", "info")
    return redirect(url_for("study.question", **_scope_args(_scope(request.args))))
