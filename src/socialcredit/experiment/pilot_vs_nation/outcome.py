"""The pilot-vs-nation experiment's result: every run as a row, and what is computed from them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from socialcredit._version import __version__
from socialcredit.experiment.pilot_vs_nation.ablations import ARMS, Ablation
from socialcredit.experiment.pilot_vs_nation.files import write_folder
from socialcredit.experiment.pilot_vs_nation.runs import BASELINE
from socialcredit.experiment.pilot_vs_nation.settings import Settings
from socialcredit.experiment.pilot_vs_nation.stats import (
    METRICS,
    ablation_effects,
    distributions,
    gaps,
)


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


@dataclass(frozen=True)
class PilotVsNation:
    """The experiment's result: every run as a row, and the summaries computed from them."""

    settings: Settings
    ablations: tuple[Ablation, ...]
    runs: pl.DataFrame = field(repr=False)
    """One row per run: ``arm`` (pilot, nation), ``variant`` (baseline or an ablation),
    ``replicate``, ``seed`` and the measures of
    :class:`~socialcredit.experiment.pilot_vs_nation.runs.RunMeasure`."""
    elapsed_seconds: float = field(default=0.0, compare=False)
    """Wall-clock time of all the runs (not part of any table, which depend on the seed only)."""

    def distributions(self) -> pl.DataFrame:
        """Per arm, variant and metric: n, mean, std, 5th and 95th percentiles."""
        return distributions(self.runs)

    def gaps(self) -> pl.DataFrame:
        """Per metric: pilot and nation baseline means and intervals, and the gap."""
        return gaps(self.runs)

    def ablation_effects(self) -> pl.DataFrame:
        """Per ablation and metric: the shift it makes and the share of the gap it closes."""
        return ablation_effects(self.runs, self.ablations)

    def baseline(self, arm: str) -> pl.DataFrame:
        """The runs of one arm as its scenario says (no ablation)."""
        return self.runs.filter((pl.col("arm") == arm) & (pl.col("variant") == BASELINE))

    def arms(self) -> dict[str, dict[str, int]]:
        """Per arm, as it ran: citizens simulated, citizens they stand for, days."""
        out: dict[str, dict[str, int]] = {}
        for arm in ARMS:
            first = self.baseline(arm).row(0, named=True)
            out[arm] = {k: int(first[k]) for k in ("citizens", "represents", "days")}
        return out

    def summary(self) -> dict[str, Any]:
        """Everything as JSON-ready data; the same settings give the same data."""
        effects = self.ablation_effects()
        summary: dict[str, Any] = _round(
            {
                "experiment": "pilot-vs-nation",
                "socialcredit": __version__,
                "settings": self.settings.to_dict(),
                "arms": self.arms(),
                "runs": self.runs.height,
                "metrics": METRICS,
                "gaps": self.gaps().to_dicts(),
                "distributions": self.distributions().to_dicts(),
                "ablations": [
                    {
                        "name": a.name,
                        "arm": a.arm,
                        "description": a.description,
                        "overrides": dict(a.overrides),
                        "effects": effects.filter(pl.col("ablation") == a.name)
                        .drop("ablation", "arm")
                        .to_dicts(),
                    }
                    for a in self.ablations
                ],
            }
        )
        return summary

    def summary_json(self) -> str:
        return json.dumps(self.summary(), indent=2, ensure_ascii=False) + "\n"

    def write(self, out: str | Path) -> Path:
        """Write ``out/`` atomically: ``runs.parquet``, ``summary.json``, ``report.html``."""
        return write_folder(self, Path(out))
