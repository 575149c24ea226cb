"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from quizapp import fast_paths
from quizapp.blueprints import (
    admin,
    auth,
    author,
    blocks,
    courses,
    facts,
    headers,
    inputs,
    library,
    main,
    study,
)
from quizapp.blueprints.errors import register_error_handlers
from quizapp.blueprints.render import register_template_helpers
from quizapp.config import (
    DEFAULTS,
    cookies_over_plain_http,
    from_environment,
    instance_secret_key,
    sqlite_url,
)
from quizapp.extensions import csrf, login_manager
from quizapp.services.study import StudyPolicy
from quizapp.state import AppState, install
from quizapp.store.engine import make_engine
from quizapp.store.migrate import upgrade
from quizapp.throttle import Limits, LoginThrottle


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: config, database (migrated on start), extensions and blueprints."""
    overrides = dict(test_config or {})
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=overrides.pop("INSTANCE_PATH", None) or os.environ.get("QUIZAPP_INSTANCE_PATH") or None,
    )
    app.config.update(DEFAULTS)
    app.config.update(from_environment(os.environ))
    app.config.update(overrides)
    if (app.debug or app.testing) and "SESSION_COOKIE_SECURE" not in overrides:
        cookies_over_plain_http(app.config, os.environ)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        _refuse_a_per_host_key(app)
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)

    engine = make_engine(app.config["DATABASE_URL"] or sqlite_url(app.instance_path))
    if app.config["AUTO_MIGRATE"]:
        upgrade(engine)
    limits = Limits(
        pair=app.config["LOGIN_RATE_LIMIT"],
        account=app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
        address=app.config["LOGIN_ADDRESS_RATE_LIMIT"],
    )
    throttle = LoginThrottle(app.config["RATELIMIT_STORAGE_URI"], limits)
    install(app, AppState(engine=engine, policy=_policy(app), throttle=throttle))

    inputs.install(app)
    headers.install(app)
    _init_extensions(app)
    for blueprint in (
        auth.bp,
        main.bp,
        study.bp,
        library.bp,
        blocks.bp,
        admin.bp,
        courses.bp,
        author.bp,
        facts.bp,
    ):
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    register_template_helpers(app)
    if app.config["FAST_PATHS"]:
        fast_paths.install(app)
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        # Behind a reverse proxy the client address (used by the login throttle) and the
        # scheme come from X-Forwarded-* headers, trusted for exactly this many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    return app


def _refuse_a_per_host_key(app: Flask) -> None:
    """A generated key lives in one host's instance folder: hosts sharing a PostgreSQL database
    would each sign cookies with their own, and a student would be signed out at every switch."""
    url = app.config["DATABASE_URL"] or ""
    if url.startswith("postgres") and not (app.debug or app.testing):
        raise RuntimeError(
            "QUIZAPP_SECRET_KEY must be set (the same value on every host) when the database is PostgreSQL"
        )


def _policy(app: Flask) -> StudyPolicy:
    return StudyPolicy(
        rollover_hour=int(app.config["DAY_ROLLOVER_HOUR"]),
        learn_ahead=timedelta(minutes=int(app.config["LEARN_AHEAD_MINUTES"])),
        leech_threshold=int(app.config["LEECH_THRESHOLD"]),
        fuzz=bool(app.config["SCHEDULER_FUZZ"]),
    )


def _init_extensions(app: Flask) -> None:
    csrf.init_app(app)  # its before_request hook checks every POST, PUT, PATCH and DELETE
    manager = login_manager
    manager.init_app(app)
    manager.login_view = "auth.login"
    manager.login_message_category = "info"
    manager.user_loader(auth.load_user)
