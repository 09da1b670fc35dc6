"""Synthetic citizens, localities and households: every attribute a function of (seed, id)."""

from socialcredit.kernel_cache import register

register()  # before any kernel of the package is compiled (see socialcredit.kernel_cache)
