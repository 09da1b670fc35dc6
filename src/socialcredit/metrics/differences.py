"""The difference between two runs' figures, and whether it is more than run-to-run noise.

Each run gives a figure once per replicate. The difference B - A gets a 95% interval:

- **paired** when both runs have the same replicate seeds (common random numbers: replicate r
  of each run drew the same random numbers, so most of the noise cancels): Student's t on the
  replicate-by-replicate differences;
- **Welch** otherwise: the difference of the means, its standard error
  ``sqrt(sd_a^2 / n_a + sd_b^2 / n_b)``, and Student's t with the Welch-Satterthwaite degrees of
  freedom.

A difference whose interval includes 0 is "within noise"; one whose interval excludes 0 is
"beyond noise". Either run without replicates (two or more) and no interval can be drawn:
noise cannot be judged (docs/metrics.md, "Comparing two runs").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from socialcredit.metrics.replicates import CONFIDENCE, Number, t_interval

Verdict = Literal["within noise", "beyond noise"]
Method = Literal["paired", "welch"]


@dataclass(frozen=True)
class Difference:
    """B - A, with its interval and verdict when both runs have replicates."""

    value: float | None
    low: float | None = None
    high: float | None = None
    method: Method | None = None

    @property
    def verdict(self) -> Verdict | None:
        """``within noise`` when the interval includes 0, ``beyond noise`` when it excludes
        it, ``None`` when there is no interval."""
        if self.low is None or self.high is None:
            return None
        return "within noise" if self.low <= 0.0 <= self.high else "beyond noise"


def _defined(values: Sequence[Number | None]) -> list[float]:
    return [float(v) for v in values if v is not None and not math.isnan(float(v))]


def welch(a: Sequence[float], b: Sequence[float], confidence: float = CONFIDENCE) -> Difference:
    """The mean of ``b`` minus the mean of ``a``, with Welch's interval."""
    na, nb = len(a), len(b)
    ma, mb = math.fsum(a) / na, math.fsum(b) / nb
    va = math.fsum((x - ma) ** 2 for x in a) / (na - 1)
    vb = math.fsum((x - mb) ** 2 for x in b) / (nb - 1)
    diff = mb - ma
    se2 = va / na + vb / nb
    if se2 == 0.0:
        return Difference(diff, diff, diff, "welch")
    df = se2**2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    from scipy import stats  # here: scipy.stats takes a second to import

    half = float(stats.t.ppf((1 + confidence) / 2, df)) * math.sqrt(se2)
    return Difference(diff, diff - half, diff + half, "welch")


def paired(
    a: Sequence[Number | None], b: Sequence[Number | None], confidence: float = CONFIDENCE
) -> Difference:
    """The mean of the replicate-by-replicate differences ``b[r] - a[r]`` (where both are
    defined), with Student's t interval."""
    pairs = zip(a, b, strict=True)
    diffs = [float(y) - float(x) for x, y in pairs if x is not None and y is not None]
    found = t_interval(diffs, confidence)
    return Difference(found.mean, found.low, found.high, "paired")


def difference(
    a: Sequence[Number | None],
    b: Sequence[Number | None],
    same_seeds: bool,
    confidence: float = CONFIDENCE,
) -> Difference:
    """B - A from each run's replicate values: paired when the runs share their seeds
    (``same_seeds``), Welch otherwise; without two defined values on each side, the
    difference of the means with no interval."""
    da, db = _defined(a), _defined(b)
    if not da or not db:
        return Difference(None)
    if len(da) < 2 or len(db) < 2:
        return Difference(math.fsum(db) / len(db) - math.fsum(da) / len(da))
    if same_seeds and len(a) == len(b):
        found = paired(a, b, confidence)
        if found.low is not None:
            return found
    return welch(da, db, confidence)
