"""forward_link."""
