"""What the page lets a user take away, as bytes the browser saves (nothing is written here).

- The setting as a scenario file: the scenario that ran, fully resolved, as YAML. Policies are
  named as built-ins while they are unchanged built-ins; a setting that changed a policy, or a
  scenario whose policies are files, gives a zip of the scenario and its policy files instead.
  ``socialcredit run`` on it gives the figures of the first replicate exactly.
- The summary as JSON (the first replicate's summary.json).
- Each chart as PNG or SVG (matplotlib, from the same description the page draws) and its data
  as CSV.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any, Literal

import matplotlib
import yaml

from socialcredit.policy.load import builtin_policy_names, load_policy
from socialcredit.policy.schema import Policy
from socialcredit.report.figures import Figure
from socialcredit.report.png import draw
from socialcredit.scenario.resolved import ResolvedScenario

ImageFormat = Literal["png", "svg"]


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _unchanged_builtin(policy: Policy, named: str) -> bool:
    return named in builtin_policy_names() and load_policy(named) == policy


def _header(scenario: str, moved: Sequence[tuple[str, Any]], replicates: int) -> str:
    lines = [f"# Saved by `socialcredit explore` from scenario {scenario!r}, fully resolved."]
    for path, value in moved:
        lines.append(f"#   moved: {path} = {json.dumps(value)}")
    if replicates > 1:
        lines.append(
            f"# The explorer showed means over {replicates} replicates; this file runs the first "
            "(its seed below)."
        )
    return "\n".join(lines) + "\n"


def scenario_file(
    resolved: ResolvedScenario,
    scenario: str,
    moved: Sequence[tuple[str, Any]] = (),
    replicates: int = 1,
) -> tuple[str, bytes]:
    """(file name, content): ``NAME.yaml``, or ``NAME.zip`` holding ``NAME/scenario.yaml`` and
    ``NAME/policies/*.yaml`` when a policy is not an unchanged built-in."""
    data = resolved.scenario.model_dump(mode="json")
    name = resolved.scenario.name
    policy_files: dict[str, str] = {}
    for entry, policy in zip(data["policies"], resolved.policies, strict=True):
        if not _unchanged_builtin(policy, entry["policy"]):
            entry["policy"] = f"policies/{policy.name}.yaml"
            policy_files[entry["policy"]] = _yaml(policy.model_dump(mode="json"))
    text = _header(scenario, moved, replicates) + _yaml(data)
    if not policy_files:
        return f"{name}.yaml", text.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}/scenario.yaml", text)
        for path, content in policy_files.items():
            archive.writestr(f"{name}/{path}", content)
    return f"{name}.zip", buffer.getvalue()


def summary_json(summary: dict[str, Any]) -> bytes:
    """The summary as ``socialcredit run --json`` prints it."""
    return (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode()


def chart_image(figure: Figure, fmt: ImageFormat) -> bytes:
    """The chart drawn by matplotlib, as PNG or SVG bytes."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"savefig.format": fmt, "svg.hashsalt": figure.id}):
        draw(figure, buffer)
    return buffer.getvalue()


def chart_csv(figure: Figure) -> bytes:
    """The chart's data: one row per point, with its 95% interval where it has one."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["series", figure.x_label or "x", "value", "low_95", "high_95"])
    for series in figure.series:
        errors: list[tuple[float | None, float | None]] = list(series.error or [])
        errors = errors or [(None, None)] * len(series.x)
        for x, y, (low, high) in zip(series.x, series.y, errors, strict=True):
            writer.writerow([series.name, x, y, low, high])
    return out.getvalue().encode()
