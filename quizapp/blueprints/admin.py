"""The admin's pages: every account and its role. Only admins reach them (403 for anyone else)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.blueprints.auth import current_record, login_required
from quizapp.blueprints.forms import ActionForm
from quizapp.services import accounts
from quizapp.services.errors import ServiceError
from quizapp.state import engine

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if current_record().role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return login_required(checked)


@bp.get("/users")
@admin_required
def users() -> str:
    return render_template(
        "admin/users.html", accounts=accounts.list_accounts(engine()), roles=accounts.ROLES
    )


@bp.post("/users/<int:user_id>/role")
@admin_required
def set_role(user_id: int) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changed = accounts.set_role(engine(), user_id, request.form.get("role", ""))
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(f"{changed.email} is now {changed.role}.", "success")
    return redirect(url_for("admin.users"))
