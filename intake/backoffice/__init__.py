"""backoffice."""
