"""What a run measured: the summary (raw and scaled figures, policy against counterfactual),
the daily series, and the fairness metrics (confusion by group, wrongful listing, score
inequality, with bootstrap intervals)."""
