"""The public pages: the feedback form, receipt status and the legal pages."""
