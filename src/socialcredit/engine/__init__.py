"""The engine: a resolved scenario run over its population, locality by locality, in numba.

One module per mechanism, so that a file's name says where a thing happens: the clocks of
candidate events (``clock``), acts and debt (``acts``, ``debt``), observation by channel
(``observation``) and false records (``false_records``), informants (``informants``), records
reaching scores (``records``, ``scores``), lists (``lists``), gates and shaming (``gates``),
scheduled events (``agenda``, ``scheduled``) and the tallies at the end (``tallies``), with the
behaviour responses (``responses``). Every code they share is named in ``codes``; the audit log
is written through ``audit_events``. ``locality`` runs one locality through them,
``simulate`` a whole population. docs/model.md describes the model section by section; each
kernel names its section.
"""

from socialcredit.kernel_cache import register

register()  # before any kernel of the package is compiled (see socialcredit.kernel_cache)
