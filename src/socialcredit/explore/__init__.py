"""The live explorer: move a policy's levers and watch what happens to people.

A thin layer over the library. Plain modules hold the logic and are tested without a browser:
the levers, as data (:mod:`~socialcredit.explore.lever`, :mod:`~socialcredit.explore.levers`,
:mod:`~socialcredit.explore.policy_levers`); what runs (:mod:`~socialcredit.explore.setting`)
and the page's address (:mod:`~socialcredit.explore.url`); running a setting
(:mod:`~socialcredit.explore.replicates`, :mod:`~socialcredit.explore.compute`) with the newest
setting winning (:mod:`~socialcredit.explore.recompute`); what the page shows
(:mod:`~socialcredit.explore.headline`, :mod:`~socialcredit.explore.panels`,
:mod:`~socialcredit.explore.people`) and gives away (:mod:`~socialcredit.explore.downloads`).
The Solara page (:mod:`~socialcredit.explore.page`, :mod:`~socialcredit.explore.controls`,
:mod:`~socialcredit.explore.views`) only lays them out; :mod:`~socialcredit.explore.server`
serves it and :func:`~socialcredit.explore.notebook.explore` shows it in Jupyter
(``socialcredit.explore``). The package imports nothing itself, so its modules can import each
other by ``from socialcredit.explore import module`` without a circle.
"""
