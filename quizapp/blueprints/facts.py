"""Facts in the browser: an instructor adds sections and facts (entities with their concepts),
sees the questions the generators write from them, and publishes those."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.blueprints.auth import current_record, login_required
from quizapp.blueprints.author_forms import ConditionForm, SectionForm, fact_form
from quizapp.blueprints.forms import ActionForm
from quizapp.services import facts
from quizapp.services.errors import InvalidInput
from quizapp.state import engine, now

bp = Blueprint("facts", __name__, url_prefix="/write/banks/<slug>/facts")


@bp.get("")
@login_required
def index(slug: str) -> str:
    found = facts.facts(engine(), current_record(), slug)
    condition = ConditionForm(condition=found.data.get("condition", ""))
    return render_template(
        "author/facts.html", found=found, section_form=SectionForm(), condition_form=condition
    )


@bp.post("/condition")
@login_required
def set_condition(slug: str) -> Response:
    form = ConditionForm()
    facts.facts(engine(), current_record(), slug)  # 404 before anything else
    if not form.validate_on_submit():
        abort(400)
    try:
        facts.set_condition(engine(), current_record(), slug, form.condition.data or "", now())
    except InvalidInput as error:
        flash(str(error), "error")
    return redirect(url_for("facts.index", slug=slug))


@bp.post("/sections")
@login_required
def add_section(slug: str) -> Response:
    facts.facts(engine(), current_record(), slug)
    form = SectionForm()
    if not form.validate_on_submit():
        flash("Give the section a title.", "error")
        return redirect(url_for("facts.index", slug=slug))
    try:
        facts.add_section(engine(), current_record(), slug, form.title.data, form.cites.data or "", now())
    except InvalidInput as error:
        flash(str(error), "error")
    return redirect(url_for("facts.index", slug=slug))


@bp.route("/new/<kind>", methods=["GET", "POST"])
@login_required
def new(slug: str, kind: str) -> Any:
    found = facts.facts(engine(), current_record(), slug)
    spec = found.kinds.get(kind)
    if spec is None:
        abort(404)
    sections = [(s["id"], s["title"]) for s in found.data["sections"]]
    if not sections:
        flash("Add the section your facts come from first.", "error")
        return redirect(url_for("facts.index", slug=slug))
    form = fact_form(spec, found.concepts_of, sections)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and form.validate_on_submit():
        try:
            facts.add_entity(engine(), current_record(), slug, _written(form, spec), now())
        except facts.FactErrors as error:
            errors = error.by_field
        else:
            flash(f"Fact added: {form.name.data}. Preview its questions before you publish them.", "success")
            return redirect(url_for("facts.index", slug=slug))
    elif request.method == "POST":
        errors = {name: list(found_errors) for name, found_errors in form.errors.items()}
    status = 400 if errors else 200
    return render_template("author/fact_form.html", found=found, spec=spec, form=form, errors=errors), status


def _written(form: Any, spec: Any) -> facts.Written:
    values: dict[str, str | list[str]] = {}
    new_values: dict[str, list[str]] = {}
    absent = []
    for name, attr in spec.attributes.items():
        values[name] = form[f"attr_{name}"].data or ("" if attr.type != "concepts" else [])
        if attr.is_concept:
            typed = form[f"new_{name}"].data or ""
            new_values[name] = (
                [v.strip() for v in typed.split(",") if v.strip()]
                if attr.type == "concepts"
                else [typed.strip()]
                if typed.strip()
                else []
            )
        if attr.required and form[f"absent_{name}"].data:
            absent.append(name)
    return facts.Written(
        kind=spec.name,
        name=form.name.data,
        section=form.section.data,
        values=values,
        new_values=new_values,
        absent=absent,
        cites=[c.strip() for c in (form.cites.data or "").split(",") if c.strip()],
    )


@bp.post("/<entity_id>/remove")
@login_required
def remove(slug: str, entity_id: str) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        facts.remove_entity(engine(), current_record(), slug, entity_id, now())
    except InvalidInput as error:  # another fact still points at it
        flash(str(error), "error")
    else:
        flash("Fact removed; publish to retire its questions.", "success")
    return redirect(url_for("facts.index", slug=slug))


@bp.get("/preview")
@login_required
def preview(slug: str) -> Any:
    try:
        found = facts.preview(engine(), current_record(), slug)
    except facts.FactErrors as error:
        flash(str(error), "error")
        return redirect(url_for("facts.index", slug=slug))
    return render_template("author/facts_preview.html", slug=slug, preview=found)


@bp.post("/publish")
@login_required
def publish(slug: str) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    report = facts.publish(engine(), current_record(), slug, now())
    flash(
        f"Published: {report.added} new, {report.changed} changed, {report.retired} retired questions"
        + (f"; {report.cards_reset} students' cards reset by a changed key" if report.cards_reset else "")
        + ".",
        "success",
    )
    return redirect(url_for("facts.preview", slug=slug))
