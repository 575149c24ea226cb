"""Home, settings, missed questions and suspended cards."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.blueprints.auth import current_record, login_required
from quizapp.blueprints.forms import ActionForm, SettingsForm
from quizapp.blueprints.inputs import bounded_int
from quizapp.scheduling import State, format_interval
from quizapp.services import accounts, dashboard, progress, study, tuning
from quizapp.services.errors import ServiceError
from quizapp.state import engine, now, policy, reader

ZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(accounts.TIMEZONES)]

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    overview = dashboard.overview(engine(), policy(), current_record(), now())
    return render_template("main/dashboard.html", overview=overview, user=current_record())


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> Any:
    user = current_record()
    form = SettingsForm(
        new_per_day=user.new_per_day,
        reviews_per_day=user.reviews_per_day,
        desired_retention=user.desired_retention,
        timezone=user.timezone,
        rollover_hour=policy().rollover(user),
        learning_steps=accounts.format_steps(user.learning_steps),
    )
    form.timezone.choices = ZONE_CHOICES
    if form.validate_on_submit():
        try:
            accounts.update_settings(
                engine(),
                user,
                new_per_day=form.new_per_day.data or 0,
                reviews_per_day=form.reviews_per_day.data or 0,
                retention=form.desired_retention.data or 0.0,
                timezone=form.timezone.data,
                rollover_hour=form.rollover_hour.data,
                # Absent (an older form): unchanged; present and empty: no steps.
                learning_steps=(form.learning_steps.data or "") if "learning_steps" in request.form else None,
            )
        except ServiceError as error:
            form.desired_retention.errors = [str(error)]
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("main.settings"))
    return render_template("main/settings.html", form=form), 400 if form.errors else 200


@bp.get("/settings/data")
@login_required
def own_data() -> Response:
    """The student's own data (answers, marks, settings) as a JSON download."""
    body = json.dumps(accounts.own_data(engine(), current_record()), ensure_ascii=False, indent=1)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="quizapp-my-data.json"'
    return response


@bp.get("/missed")
@login_required
def missed() -> str:
    topic = request.args.get("topic") or None
    qtype = request.args.get("type") or None
    page = bounded_int(request.args.get("page")) or 1
    if (topic and len(topic) > 100) or (qtype and len(qtype) > 20):
        abort(400)
    items, total = dashboard.missed(engine(), current_record(), topic=topic, qtype=qtype, page=page)
    pages = max(1, -(-total // dashboard.MISSED_PAGE))
    topics, types = dashboard.missed_facets(engine(), current_record())
    return render_template(
        "main/missed.html",
        items=items,
        total=total,
        page=min(page, pages),
        pages=pages,
        topic=topic,
        qtype=qtype,
        topics=topics,
        types=types,
    )


@bp.get("/suspended")
@login_required
def suspended() -> str:
    items = dashboard.suspended(engine(), current_record())
    return render_template("main/suspended.html", items=items)


@bp.post("/suspended/<int:card_id>/restore")
@login_required
def unsuspend(card_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    study.unsuspend(engine(), current_record(), card_id)
    flash("The question is back in your queue.", "success")
    return redirect(url_for("main.suspended"))


@bp.get("/progress")
@login_required
def progress_page() -> str:
    shown = progress.overview(engine(), policy(), current_record(), now())
    return render_template("main/progress.html", p=shown)


STATE_NAMES = {
    State.NEW: "New",
    State.LEARNING: "Learning",
    State.REVIEW: "Review",
    State.RELEARNING: "Relearning",
}


@bp.get("/cards/<int:card_id>")
@login_required
def card_info(card_id: int) -> str:
    info = progress.card_info(reader(), policy(), current_record(), card_id, now())
    return render_template(
        "main/card_info.html", info=info, state_names=STATE_NAMES, format_interval=format_interval
    )


@bp.post("/settings/optimize")
@login_required
def optimize() -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        fitted = tuning.fit(engine(), policy(), current_record())
    except ServiceError as error:
        flash(str(error), "error")
    else:
        (loss0, rmse0), (loss1, rmse1) = fitted.before, fitted.after
        verdict = "now in use" if fitted.applied else "not better: kept the ones in use"
        flash(
            f"Fitted to {fitted.items} answers: log loss {loss0:.4f} → {loss1:.4f}, "
            f"RMSE {rmse0:.2%} → {rmse1:.2%} (later answers predicted from earlier ones); {verdict}.",
            "success" if fitted.applied else "info",
        )
    return redirect(url_for("main.settings"))


@bp.post("/settings/reschedule")
@login_required
def reschedule() -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    changed = tuning.reschedule(engine(), policy(), current_record(), now())
    flash(f"{changed} review card{'s' if changed != 1 else ''} rescheduled with your parameters.", "success")
    return redirect(url_for("main.settings"))


@bp.route("/settings/retention", methods=["GET", "POST"])
@login_required
def retention() -> Any:
    """Anki's "Help me decide": the workload of each desired retention, and a button to pick one."""
    user = current_record()
    if request.method == "POST":
        chosen = request.form.get("retention", "")
        if not ActionForm().validate_on_submit() or chosen not in {f"{r:.2f}" for r in tuning.RETENTIONS}:
            abort(400)
        accounts.update_settings(
            engine(),
            user,
            new_per_day=user.new_per_day,
            reviews_per_day=user.reviews_per_day,
            retention=float(chosen),
        )
        flash(f"Desired retention set to {chosen}.", "success")
        return redirect(url_for("main.retention"))
    return render_template(
        "main/retention.html", rows=tuning.workloads(engine(), user), current=user.desired_retention
    )
