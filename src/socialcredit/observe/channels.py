"""The vocabulary of observation: the ways an act can become a record."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """A way the state (or a company) learns of an act, each with its own coverage and errors."""

    CAMERA = "camera"  # cameras with facial recognition
    PAYMENTS = "payments"  # payment and purchase records
    MESSAGING = "messaging"  # message and search classifier
    COURTS = "courts"  # court judgments
    INFORMANTS = "informants"  # reports by neighbours, honest or malicious
    PAPER_RECORDER = "paper_recorder"  # one person with pencil and paper
    REGISTRY = "registry"  # official registers: blood bank, volunteer office, army recruitment
