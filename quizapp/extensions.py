"""Flask extensions, created unbound here and bound to an app in create_app()."""

from __future__ import annotations

from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
