"""The live explorer: move a policy's levers and watch what happens to people.

A thin layer over the library. Plain modules hold the logic and are tested without a browser:
:mod:`~socialcredit.explore.levers` (the levers, as data), :mod:`~socialcredit.explore.setting`
(what runs), :mod:`~socialcredit.explore.url` (the page's address), :mod:`~socialcredit.explore.
replicates` and :mod:`~socialcredit.explore.compute` (running a setting),
:mod:`~socialcredit.explore.recompute` (newest setting wins), :mod:`~socialcredit.explore.panels`
(what the page shows), :mod:`~socialcredit.explore.people` and
:mod:`~socialcredit.explore.downloads`. The Solara page (:mod:`~socialcredit.explore.page`,
:mod:`~socialcredit.explore.controls`, :mod:`~socialcredit.explore.views`) only lays them out;
:mod:`~socialcredit.explore.server` serves it and :func:`explore` shows it in Jupyter.
"""

from __future__ import annotations

from socialcredit.explore.notebook import explore

__all__ = ["explore"]
