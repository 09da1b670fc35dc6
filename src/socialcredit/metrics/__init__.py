"""What a run measured: the summary, daily series, and (later) fairness and audit."""
