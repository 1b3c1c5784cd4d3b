"""reception."""
