"""Experiments: many runs of a scenario under varied parameters, on any executor.

- :mod:`~socialcredit.experiment.design`: grid and Latin-hypercube designs, replicate seeds.
- :mod:`~socialcredit.experiment.executors`: in-process, local processes, Dask.
- :mod:`~socialcredit.experiment.sweep`: run a design into a sweep folder, one row per run.
- :mod:`~socialcredit.experiment.sensitivity`: Sobol and Morris indices through SALib.
- :mod:`~socialcredit.experiment.split`: one huge run split across workers by region.
- :mod:`~socialcredit.experiment.sweep_report`: the sweep and sensitivity report.
- :mod:`~socialcredit.experiment.calibrate`: fit scenario values to published figures;
  :mod:`~socialcredit.experiment.calibration_report` shows the fit.
- :mod:`~socialcredit.experiment.pilot_vs_nation`: the article's question, pilot village against
  the nation, with ablations of the mechanisms that make them differ (one subpackage, its
  report and output folder included).

Each experiment owns its report; :mod:`socialcredit.report` holds the run report, comparisons
and the figure and page machinery they share.
"""
