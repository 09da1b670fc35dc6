"""Showing one run and comparisons of runs: terminal tables, the HTML report, plots and their
figure and page machinery (which the experiments' own reports use too)."""
