"""``summarise(sim, leave_out=...)``: the parts named are absent, the rest is the whole summary."""

from __future__ import annotations

import pytest

import socialcredit
from socialcredit.metrics.summary import PARTS, summarise
from socialcredit.metrics.summary_types import as_json


def test_leaving_parts_out_leaves_the_rest_as_it_was() -> None:
    result = socialcredit.run("village", days=60)
    whole = as_json(result.summary)
    assert as_json(summarise(result.simulation)) == whole
    for part in PARTS:
        lean = as_json(summarise(result.simulation, leave_out=[part]))
        if part == "score_inequality":
            assert "score_inequality" not in lean["fairness"]
            fairness = {k: v for k, v in whole["fairness"].items() if k != part}
            assert lean == {**whole, "fairness": fairness}
        else:
            assert lean == {k: v for k, v in whole.items() if k != part}
    everything = as_json(summarise(result.simulation, leave_out=PARTS))
    assert list(everything) == [k for k in whole if k not in PARTS]


def test_an_unknown_part_is_refused() -> None:
    result = socialcredit.run("village", days=10)
    with pytest.raises(ValueError, match="cannot leave out \\['by_day'\\]"):
        summarise(result.simulation, leave_out=["by_day"])  # type: ignore[list-item]
