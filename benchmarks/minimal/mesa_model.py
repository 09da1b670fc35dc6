"""The minimal model as a Mesa agent-based model: one agent per citizen, a step per day."""

from __future__ import annotations

import mesa

from . import model as m


class Citizen(mesa.Agent):
    def __init__(self, model: ScoreModel) -> None:
        super().__init__(model)
        self.group_b = self.random.random() < m.GROUP_B_SHARE
        self.false_match = m.FALSE_MATCH["b" if self.group_b else "a"] * m.COVERAGE
        self.score = m.START
        self.ever = False

    def step(self) -> None:
        r = self.random.random
        delta = 0
        if r() < m.OFFENCE and r() < m.DETECTION:
            delta += m.OFFENCE_POINTS
        if r() < self.false_match:
            delta += m.OFFENCE_POINTS
        if r() < m.GOOD:
            delta += m.GOOD_POINTS
        self.score = min(max(self.score + delta, m.MINIMUM), m.MAXIMUM)
        listed = self.score < m.THRESHOLD
        self.ever = self.ever or listed
        if listed and r() < m.ATTEMPT:
            self.model.blocked += 1


class ScoreModel(mesa.Model):
    def __init__(self, citizens: int, seed: int = 0) -> None:
        super().__init__(seed=seed)
        self.blocked = 0
        Citizen.create_agents(self, citizens)

    def step(self) -> None:
        self.agents.do("step")


def run(citizens: int, days: int = m.DAYS, seed: int = 0) -> dict[str, float]:
    model = ScoreModel(citizens, seed)
    for _ in range(days):
        model.step()
    agents = list(model.agents)
    listed = [a.score < m.THRESHOLD for a in agents]
    b = [a for a in agents if a.group_b]
    return {
        "listed_share": sum(listed) / citizens,
        "listed_share_b": sum(a.score < m.THRESHOLD for a in b) / max(1, len(b)),
        "ever_listed_share": sum(a.ever for a in agents) / citizens,
        "blocked_per_citizen": model.blocked / citizens,
    }
