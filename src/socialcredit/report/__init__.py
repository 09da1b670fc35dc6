"""Showing one run and comparisons of runs: the terminal summary, the self-contained HTML report
with its charts and their PNG export, one citizen's story, comparisons of runs, and the figure
and page machinery that the experiments' own reports use too."""
