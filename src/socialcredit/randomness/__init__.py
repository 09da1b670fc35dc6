"""Counter-based randomness: every draw is a pure function of (seed, citizen, stream, counter).

The bottom layer of the package, used by the population and the engine alike:
:mod:`~socialcredit.randomness.streams` numbers the independent streams of draws,
:mod:`~socialcredit.randomness.draws` makes the draws inside numba kernels, and
:mod:`~socialcredit.randomness.arrays` makes the same draws elementwise over numpy arrays.
"""

from socialcredit.kernel_cache import register

register()  # before any kernel of the package is compiled (see socialcredit.kernel_cache)
