"""offices."""
