"""The protocols mypy checks the kernels against name exactly the fields numba is given."""

from __future__ import annotations

from typing import get_type_hints

from socialcredit.engine.audit import Audit
from socialcredit.engine.kernel_types import AuditLog, State
from socialcredit.engine.structs import STATE_FIELDS


def test_the_state_protocol_has_the_fields_of_the_state() -> None:
    assert tuple(get_type_hints(State)) == STATE_FIELDS


def test_the_audit_protocol_has_the_columns_of_the_audit_log() -> None:
    assert tuple(get_type_hints(AuditLog)) == Audit._fields
