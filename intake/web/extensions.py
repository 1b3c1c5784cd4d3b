"""Extension singletons, bound to an app in `create_app` (no app at import time)."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect

from intake.database import Database
from intake.web.ratelimit import client_key, only_writes_are_limited

db = Database()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(client_key)
limiter.request_filter(only_writes_are_limited)
