"""Experiments: many runs of a scenario (replicates, varied parameters, ablations) summarised
as tables."""
