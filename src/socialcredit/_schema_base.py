"""Shared pieces of the policy and scenario schemas: strict frozen models and value types.

Every number a user writes is checked here for the range the engine can hold, so that a value
that validates also runs (``scenarios validate`` and ``run`` agree): floats must be finite
(no ``.inf``, no ``.nan``), and each kind of value has a bound well beyond any real system but
inside the engine's arrays (scores and points in 32-bit audit columns, days and counts in 64-bit
ones, per-citizen event counters that must not wrap).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

MAX_RATE = 10_000.0
"""Events per citizen per year (about 27 a day); the built-in scenarios use at most 2."""
MAX_SPREAD = 3.0
"""Log-normal sigma of a citizen trait: at 3 one citizen in a million acts about ten million
times as often as the typical one."""
MAX_STRENGTH = 100.0
"""Strength of a behavioural response (the built-in scenarios use at most 1)."""
MAX_YUAN = 1_000_000.0
"""Cash amounts, in yuan."""
MAX_SCORE = 1_000_000_000
"""Score bounds, thresholds and points lie within plus or minus this (one billion), so that a
score's range and every change of it fit the audit log's 32-bit columns."""
MAX_DAYS = 1_000_000
"""Days (delays, durations, expiries, rollout days): about 2,700 years, well past any horizon."""
MAX_CITIZENS = 10**15
"""Citizens simulated or represented: counts and weights stay exact in 64-bit floats (whether a
run of that size fits the machine is the memory estimate's question, asked before it starts)."""
MAX_LOCALITY = 1_000_000
"""Residents of one locality, and of one household: a locality is simulated at once."""
MAX_PER_DAY = 2**62
"""Acts one recorder can write down per day: any 64-bit count up to the engine's "never"
(2**62, which the pilot-vs-nation ablations use for "unlimited")."""

_FINITE = Field(allow_inf_nan=False)

Probability = Annotated[float, _FINITE, Field(ge=0.0, le=1.0)]
"""A probability or share, in [0, 1]."""

Rate = Annotated[float, _FINITE, Field(ge=0.0, le=MAX_RATE)]
"""A non-negative rate, in events per citizen per year, at most :data:`MAX_RATE`."""

Spread = Annotated[float, _FINITE, Field(ge=0.0, le=MAX_SPREAD)]
"""The spread (log-normal sigma) of a citizen trait, at most :data:`MAX_SPREAD`."""

Strength = Annotated[float, _FINITE, Field(ge=0.0, le=MAX_STRENGTH)]
"""The strength of a behavioural response (0 switches it off), at most :data:`MAX_STRENGTH`."""

Yuan = Annotated[float, _FINITE, Field(ge=0.0, le=MAX_YUAN)]
"""A non-negative amount of money in yuan, at most :data:`MAX_YUAN`."""

Score = Annotated[int, Field(ge=-MAX_SCORE, le=MAX_SCORE)]
"""A score, score bound or score threshold."""

Points = Annotated[int, Field(ge=-MAX_SCORE, le=MAX_SCORE)]
"""Points added to (positive) or taken from (negative) a score."""

Days = Annotated[int, Field(ge=0, le=MAX_DAYS)]
"""A non-negative number of days, at most :data:`MAX_DAYS`."""

Citizens = Annotated[int, Field(ge=1, le=MAX_CITIZENS)]
"""A number of citizens, at least one and at most :data:`MAX_CITIZENS`."""

Residents = Annotated[int, Field(ge=1, le=MAX_LOCALITY)]
"""Residents of a locality, at least one and at most :data:`MAX_LOCALITY`."""

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
"""A lower-case name: letters, digits, '_' and '-', starting with a letter."""


class StrictModel(BaseModel):
    """Frozen model that rejects unknown keys, so a typo is an error rather than a default, and
    non-finite numbers anywhere (a float field without a type of its own above included)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False
    )
    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ()
    """Keys left out of a dump while they hold their default: keys added after run folders
    and manifests already existed, so that a scenario that does not use them dumps (and its
    manifest reads) exactly as before they were added."""

    @model_serializer(mode="wrap")
    def _omit_defaults(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            fields = type(self).model_fields
            for name in self.OMITTED_AT_DEFAULT:
                field = fields[name]
                default = field.get_default(call_default_factory=True)
                if getattr(self, name) == default:
                    data.pop(field.serialization_alias or name, None)
        return data
