"""The channels' part of the kernel tables: what each deployed channel sees, how often it
records an act, and the rates of its false records (see docs/model.md, "Observation")."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.engine.codes import (
    CAMERA,
    COURTS,
    INFORMANTS,
    MESSAGING,
    PAPER,
    PAYMENTS,
    REGISTRY,
)
from socialcredit.scenario.schema import Channels
from socialcredit.vocabulary import ACT_INDEX, ACTS, CHANNELS

F64 = npt.NDArray[np.float64]


def channel_tables(channels: Channels, rates: F64, groups: tuple[str, ...]) -> dict[str, Any]:
    """Columns of :class:`~socialcredit.engine.tables.Tables` for the scenario's channels;
    ``rates`` are the acts' base rates (false records pick their act in proportion)."""
    n_c, n_a = len(CHANNELS), len(ACTS)
    deployed = np.zeros(n_c, np.bool_)
    observes = np.zeros((n_c, n_a), np.bool_)
    p_observe = np.zeros((n_c, 2))
    false_cum = np.zeros((n_c, n_a))
    for c, channel in enumerate(CHANNELS):
        spec = getattr(channels, channel.value)
        if spec is None:
            continue
        deployed[c] = True
        for act in spec.acts:
            observes[c, ACT_INDEX[act]] = True
        weights = np.where(observes[c], rates, 0.0)
        if weights.sum() <= 0:
            weights = observes[c].astype(np.float64)
        false_cum[c] = np.cumsum(weights) / weights.sum()
    cam, pay, msg, court = channels.camera, channels.payments, channels.messaging, channels.courts
    inf, paper, reg = channels.informants, channels.paper_recorder, channels.registry
    if cam is not None:
        p_observe[CAMERA] = [
            cam.coverage.rural * cam.recognition_rate,
            cam.coverage.urban * cam.recognition_rate,
        ]
    if pay is not None:
        p_observe[PAYMENTS] = [pay.capture.rural, pay.capture.urban]
    if msg is not None:
        p_observe[MESSAGING] = msg.true_positive_rate
    if court is not None:
        p_observe[COURTS] = court.judgment_probability
    if inf is not None:
        p_observe[INFORMANTS] = inf.sighting_probability * inf.honest_report_probability
    if paper is not None:
        p_observe[PAPER] = paper.notice_probability
    if reg is not None:
        p_observe[REGISTRY] = [reg.capture.rural, reg.capture.urban]
    return {
        "deployed": deployed,
        "observes": observes,
        "p_observe": p_observe,
        "false_act_cum": false_cum,
        "camera_false_match": np.array(
            [cam.false_match_rate[g] if cam else 0.0 for g in groups], np.float64
        ),
        "camera_coverage": np.array(
            [cam.coverage.rural, cam.coverage.urban] if cam else [0.0, 0.0], np.float64
        ),
        "messaging_false_positive": msg.false_positive_rate if msg else 0.0,
        "wrongful_judgment": court.wrongful_judgment_rate / 365.0 if court else 0.0,
        "court_delay": court.delay_days if court else 0,
        "sighting": inf.sighting_probability if inf else 0.0,
        "honest_report": inf.honest_report_probability if inf else 0.0,
        "malicious_rate": inf.malicious_report_rate / 365.0 if inf else 0.0,
        "paper_capacity": paper.capacity_per_day if paper else 0,
        "paper_misattribution": paper.misattribution_rate if paper else 0.0,
    }
