"""Showing results: the terminal summary, the self-contained HTML report with its charts and
their PNG export, one citizen's story, and comparisons of runs."""
