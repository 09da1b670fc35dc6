"""The pilot-vs-nation output folder, written atomically.

```
OUT/
  runs.parquet   one row per run (PilotVsNation.runs)
  summary.json   settings, distributions, gaps and ablation effects (PilotVsNation.summary())
  report.html    self-contained report with plotly figures
```

The experiment writes only where the output rule lets it (:mod:`socialcredit.files`): a new
or empty folder, or an earlier pilot-vs-nation output (its summary.json says so, and it holds
nothing else), which it replaces; anything else is refused before the experiment runs. The
folder is built as ``.OUT.incomplete-<pid>`` beside its final place and renamed to ``OUT`` only
once every file is written; a failure leaves nothing under ``OUT``.
"""

from __future__ import annotations

import json
from pathlib import Path

from socialcredit.experiment.pilot_vs_nation.report import PilotVsNation, render_html
from socialcredit.files import FolderBuild, OutputKind, check_folder, write_new
from socialcredit.files.tables import parquet_bytes

RUNS, SUMMARY, REPORT = "runs.parquet", "summary.json", "report.html"
EXPERIMENT = "pilot-vs-nation"


def _not_this_experiment(folder: Path) -> str | None:
    try:
        summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"its {SUMMARY} is unreadable"
    if not isinstance(summary, dict) or summary.get("experiment") != EXPERIMENT:
        return f"its {SUMMARY} is not a {EXPERIMENT} summary"
    return None


PILOT_FOLDER = OutputKind(
    f"a {EXPERIMENT} output",
    marks=(SUMMARY,),
    holds=frozenset({RUNS, SUMMARY, REPORT}).__contains__,
    objection=_not_this_experiment,
)


def check_out_dir(out: str | Path) -> Path:
    """``out`` as a path, if the experiment may write there: a new or empty folder, or an
    earlier pilot-vs-nation output (which it replaces). Anything else is bad input."""
    check_folder(out, PILOT_FOLDER)
    return Path(out)


def write_folder(result: PilotVsNation, out: Path) -> Path:
    """Write the three files into ``out`` atomically; return ``out``."""
    with FolderBuild(out, PILOT_FOLDER) as build:
        write_new(build.path / RUNS, parquet_bytes(result.runs))
        write_new(build.path / SUMMARY, result.summary_json())
        write_new(build.path / REPORT, render_html(result))
        return build.commit()
