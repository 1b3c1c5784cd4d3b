"""Extension singletons, bound to an app in `create_app` (no app at import time)."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect

from intake.db import Database
from intake.ratelimit import client_key

db = Database()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(client_key)
