"""Shared pieces of the policy and scenario schemas: strict frozen models and value types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
"""A probability or share, in [0, 1]."""

Rate = Annotated[float, Field(ge=0.0)]
"""A non-negative rate (events per citizen per day or per year, as the field says)."""

Days = Annotated[int, Field(ge=0)]
"""A non-negative number of days."""

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
"""A lower-case name: letters, digits, '_' and '-', starting with a letter."""


class StrictModel(BaseModel):
    """Frozen model that rejects unknown keys, so a typo is an error rather than a default."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
