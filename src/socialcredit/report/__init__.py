"""Showing results: the terminal summary (and later the HTML report and plots)."""
