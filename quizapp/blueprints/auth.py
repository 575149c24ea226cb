"""Accounts: register, log in, log out, change password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import flask_login
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import UserMixin, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from quizapp.blueprints.forms import LoginForm, PasswordForm, RegisterForm
from quizapp.services import accounts
from quizapp.services.errors import ServiceError
from quizapp.state import engine, now, reader, throttle
from quizapp.store.users import UserRecord

bp = Blueprint("auth", __name__, url_prefix="/auth")
View = TypeVar("View", bound=Callable[..., Any])


def login_required(view: View) -> View:
    """flask_login.login_required with its type kept (Flask-Login ships no annotations)."""
    return cast(View, flask_login.login_required(view))


class LoginUser(UserMixin):  # type: ignore[misc]
    """The signed-in student as Flask-Login sees it."""

    def __init__(self, record: UserRecord) -> None:
        self.record = record

    def get_id(self) -> str:
        # The token rotates on a password change, which invalidates every other session.
        return f"{self.record.id}:{self.record.session_token}"

    @property
    def role(self) -> str:
        return self.record.role


def load_user(user_id: str) -> LoginUser | None:
    ident, _, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    record = accounts.load(reader(), int(ident))
    return LoginUser(record) if record and record.session_token == token else None


def current_record() -> UserRecord:
    record: UserRecord = current_user.record
    return record


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else the dashboard: never another host after login.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so "/\t/evil"
    and "/\\evil" mean "//evil"; any control character or backslash is refused outright.
    """
    if not target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target) or "\\" in target:
        return url_for("main.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.home")
    return target


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(
                engine(),
                form.email.data or "",
                form.password.data or "",
                now=now(),
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except ServiceError as error:
            form.email.errors = [str(error)]
        else:
            login_user(LoginUser(user))
            flash("Welcome! Pick a bank to start studying.", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    client = request.remote_addr or "unknown"
    account = form.email.data or ""
    if request.method == "POST" and throttle().blocked(client, account):
        abort(429)
    if form.validate_on_submit():
        method = current_app.config["PASSWORD_HASH_METHOD"]
        user = accounts.authenticate(engine(), account, form.password.data or "", hash_method=method)
        if user is not None:
            login_user(LoginUser(user), remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next")))
        throttle().failed(client, account)
        form.password.errors = ["Wrong email or password."]
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout() -> Response:
    # Server-side revocation: a copy of this session's cookie, or its remember-me cookie, must not
    # sign in again after logout. Rotating the token signs the account out on every device.
    accounts.sign_out_everywhere(engine(), current_record().id)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            updated = accounts.change_password(
                engine(),
                current_record(),
                form.current.data or "",
                form.password.data or "",
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except ServiceError as error:
            form.current.errors = [str(error)]
        else:
            login_user(LoginUser(updated))  # the new token keeps this session signed in
            flash("Password changed. Other sessions were signed out.", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200
