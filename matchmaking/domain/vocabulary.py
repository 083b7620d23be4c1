"""The words of the event that code branches on, defined once."""

from __future__ import annotations

KINDS: tuple[str, ...] = ("startup", "investor", "partner")
