"""The article's national score against the documented system, on the same citizens.

Runs the built-in ``national`` and ``documented`` scenarios (same seed, so the same synthetic
citizens) and prints, side by side, who gets listed, how many wrongly, what is blocked and how
speech is chilled, each scaled to all of China.

Run: ``python examples/article_vs_documented.py [CITIZENS]`` (default 20,000 simulated citizens;
the built-in scenarios simulate 1,412,000). CI smoke-runs it (tests/test_examples.py).
"""

from __future__ import annotations

import sys
from typing import Any

import socialcredit as sc


def blacklisted(summary: dict[str, Any], field: str) -> int:
    """Scaled count of ``field`` summed over the blacklists of a run."""
    return sum(
        block[field]["scaled"]
        for block in summary["lists"].values()
        if block["kind"] == "blacklist"
    )


def figures(summary: dict[str, Any]) -> dict[str, str]:
    flights = summary["blocked_attempts"]["by_privilege"].get("flight", {})
    ever = blacklisted(summary, "ever_listed")
    wrongly = blacklisted(summary, "wrongly_listed")
    return {
        "ever blacklisted": f"{ever:,}",
        "  with no true offence": f"{wrongly:,}",
        "  share wrongly listed": f"{wrongly / ever:.1%}" if ever else "-",
        "flights blocked": f"{flights.get('blocked', {}).get('scaled', 0):,}",
        "offences vs no policy": f"{summary['offences']['change'] or 0:+.1%}",
        "good deeds vs no policy": f"{summary['good_deeds']['change'] or 0:+.1%}",
        "critical remarks vs no policy": (
            f"{summary['chilling_effect']['critical_remarks']['change'] or 0:+.1%}"
        ),
        "false informant reports accepted": (
            f"{summary['informant_reports']['false']['accepted']['scaled']:,}"
        ),
    }


def main() -> None:
    citizens = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    runs = {name: sc.run(name, population=citizens).summary for name in ("national", "documented")}
    rows = {name: figures(summary) for name, summary in runs.items()}
    print(f"{citizens:,} simulated citizens standing for 1,412,000,000, one year\n")
    print(f"{'':36}{'article (national)':>22}{'documented':>16}")
    for label in rows["national"]:
        print(f"{label:36}{rows['national'][label]:>22}{rows['documented'][label]:>16}")


if __name__ == "__main__":
    main()
