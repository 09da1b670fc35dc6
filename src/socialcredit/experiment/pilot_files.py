"""The pilot-vs-nation output folder, written atomically.

```
OUT/
  runs.parquet   one row per run (PilotVsNation.runs)
  summary.json   settings, distributions, gaps and ablation effects (PilotVsNation.summary())
  report.html    self-contained report with plotly figures
```

The folder is built as ``.OUT.incomplete-<pid>`` beside its final place and renamed to ``OUT``
only once every file is written, replacing an earlier pilot-vs-nation folder there; a failure
leaves nothing under ``OUT``. A folder holding anything else is never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from socialcredit.problems import InvalidInput, Problem
from socialcredit.report.pilot_vs_nation import render_html

if TYPE_CHECKING:
    from socialcredit.experiment.pilot_vs_nation import PilotVsNation

RUNS, SUMMARY, REPORT = "runs.parquet", "summary.json", "report.html"
EXPERIMENT = "pilot-vs-nation"


def _is_earlier_output(folder: Path) -> bool:
    try:
        summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    names = {p.name for p in folder.iterdir()}
    return (
        isinstance(summary, dict)
        and summary.get("experiment") == EXPERIMENT
        and names
        <= {
            RUNS,
            SUMMARY,
            REPORT,
        }
    )


def check_out_dir(out: str | Path) -> Path:
    """``out`` as a path, if the experiment may write there: a new or empty folder, or an
    earlier pilot-vs-nation output (which it replaces). Anything else is bad input."""
    folder = Path(out)
    why = None
    if folder.exists() and not folder.is_dir():
        why = "exists and is not a folder"
    elif folder.is_dir() and any(folder.iterdir()) and not _is_earlier_output(folder):
        why = (
            "is a folder holding other files; choose a new or empty folder (an earlier "
            f"{EXPERIMENT} output there is replaced)"
        )
    if why is not None:
        raise InvalidInput([Problem(str(folder), None, ("--out",), why)])
    return folder


def write_folder(result: PilotVsNation, out: Path) -> Path:
    """Write the three files into ``out`` atomically; return ``out``."""
    check_out_dir(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.parent / f".{out.name}.incomplete-{os.getpid()}"
    old = out.parent / f".{out.name}.replaced-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        result.runs.write_parquet(partial / RUNS)
        (partial / SUMMARY).write_text(result.summary_json(), encoding="utf-8")
        (partial / REPORT).write_text(render_html(result), encoding="utf-8")
        if out.exists():
            os.replace(out, old)
        os.replace(partial, out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return out
