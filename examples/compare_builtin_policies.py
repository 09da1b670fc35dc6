"""Compare the built-in policies side by side: what each scores, lists and closes.

Run: ``python examples/compare_builtin_policies.py``. CI smoke-runs it (tests/test_examples.py).
"""

from __future__ import annotations

import socialcredit as sc


def describe(policy: sc.Policy) -> str:
    """One paragraph on a policy: its scores, lists and the privileges its gates close."""
    lines = [f"{policy.name} ({policy.basis}): {policy.title}"]
    for name, system in policy.scoring_systems.items():
        deductions = sum(1 for r in system.rules if r.points < 0)
        rewards = sum(1 for r in system.rules if r.points > 0)
        lines.append(
            f"  score {name}: {system.minimum}..{system.maximum}, starts at {system.start}, "
            f"{deductions} deductions, {rewards} rewards, grades {', '.join(system.grade_names())}"
        )
    for name, lst in policy.lists.items():
        lines.append(f"  {lst.kind} {name}: {len(lst.entry)} entry condition(s)")
    closed = sorted({str(p) for gate in policy.gates for p in gate.closes})
    opened = sorted({str(p) for gate in policy.gates for p in gate.opens})
    lines.append(
        f"  closes: {', '.join(closed) or 'nothing'}; opens: {', '.join(opened) or 'nothing'}"
    )
    return "\n".join(lines)


def main() -> None:
    for name in sc.builtin_policy_names():
        print(describe(sc.load_policy(name)))


if __name__ == "__main__":
    main()
