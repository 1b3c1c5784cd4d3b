"""reports."""

from intake.backoffice.reports import (
    exports,  # noqa: F401  # registers its views on `bp`
    management,  # noqa: F401  # dashboard and monthly summary
)
