"""The words of the event that code branches on, defined once."""

from __future__ import annotations

KINDS: tuple[str, ...] = ("startup", "investor", "partner")

# Meeting statuses, in the order the grid and the charts show them: live meetings, then
# those that did not happen. The schema's CHECK spells the same set.
MEETING_STATUSES: tuple[str, ...] = ("proposed", "confirmed", "completed", "no_show",
                                     "cancelled", "declined")
# Live: holds its slot, its table and both people's time.
LIVE_MEETING_STATUSES: tuple[str, ...] = ("proposed", "confirmed", "completed")

# How a meeting's status may change; anything else is refused (``storage.change_status``).
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    "proposed": frozenset({"confirmed", "declined", "cancelled"}),
    "confirmed": frozenset({"cancelled", "completed", "no_show"}),
    "completed": frozenset(), "cancelled": frozenset(), "declined": frozenset(),
    "no_show": frozenset(),
}
