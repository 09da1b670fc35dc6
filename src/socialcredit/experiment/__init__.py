"""Experiments over many runs: sweeps, calibration to published figures, executors."""
