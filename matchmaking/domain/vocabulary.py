"""The words of the event that code branches on, defined once.

Code names a status by its constant here (``CONFIRMED``), never by a string literal, and
lists of statuses come from the tuples below; the schema's CHECK constraints spell the same
sets (``storage/schema.py``), and every status has a label in ``texts/common.py``.
"""

from __future__ import annotations

from typing import NamedTuple

KINDS: tuple[str, ...] = ("startup", "investor", "partner")

# --- meetings ------------------------------------------------------------------------------
PROPOSED = "proposed"    # suggested by the scheduler or the organisers, not yet accepted
CONFIRMED = "confirmed"  # both sides said yes (or an organiser booked it)
COMPLETED = "completed"  # it took place (checked in)
NO_SHOW = "no_show"      # due, and someone did not come
CANCELLED = "cancelled"  # called off after it was live
DECLINED = "declined"    # refused while proposed

# In the order the grid and the charts show them: live meetings, then those that did not
# happen.
MEETING_STATUSES: tuple[str, ...] = (PROPOSED, CONFIRMED, COMPLETED, NO_SHOW, CANCELLED,
                                     DECLINED)
# Live: holds its slot, its table and both people's time.
LIVE_MEETING_STATUSES: tuple[str, ...] = (PROPOSED, CONFIRMED, COMPLETED)
# Agreed by both sides: what a participant's agenda and the no-show rate count as due.
AGREED_MEETING_STATUSES: tuple[str, ...] = (CONFIRMED, COMPLETED)
# Did not happen, or will not.
ENDED_MEETING_STATUSES: tuple[str, ...] = (NO_SHOW, CANCELLED, DECLINED)

# How a meeting's status may change; anything else is refused (``storage.change_status``).
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    # a proposal of the slot under way whose side did not come is recorded as a no-show
    PROPOSED: frozenset({CONFIRMED, DECLINED, CANCELLED, NO_SHOW}),
    CONFIRMED: frozenset({CANCELLED, COMPLETED, NO_SHOW}),
    COMPLETED: frozenset(), CANCELLED: frozenset(), DECLINED: frozenset(),
    NO_SHOW: frozenset(),
}


class StatusColours(NamedTuple):
    cell: str   # light background of a grid cell (dark text on it, readable in both themes)
    chart: str  # strong colour of charts and PDF bars
    named: str  # Streamlit's named colour, for legends written in markdown


# One set per status, so a status looks the same on every screen and page.
MEETING_STATUS_COLOURS: dict[str, StatusColours] = {
    PROPOSED: StatusColours("#fff1c1", "#e8b931", "yellow"),
    CONFIRMED: StatusColours("#cdeccf", "#4caf50", "green"),
    COMPLETED: StatusColours("#cfe3fb", "#3b82c4", "blue"),
    NO_SHOW: StatusColours("#f7c9c9", "#d9534f", "red"),
    CANCELLED: StatusColours("#e6e6e6", "#9e9e9e", "gray"),
    DECLINED: StatusColours("#e6e6e6", "#bdbdbd", "gray"),
}

# --- meeting requests ----------------------------------------------------------------------
PENDING = "pending"      # sent, waiting for an answer
ACCEPTED = "accepted"    # the recipient said yes: it has a meeting
EXPIRED = "expired"      # nobody answered in time
# DECLINED and CANCELLED (withdrawn by its sender) are shared with meetings.
REQUEST_STATUSES: tuple[str, ...] = (PENDING, ACCEPTED, DECLINED, CANCELLED, EXPIRED)
# A proposed new time for a confirmed meeting (``meeting_changes``) uses the same words:
# pending until the other side accepts or declines; cancelled when its proposer withdraws it
# or the meeting ends first; expired when its slot has passed.
CHANGE_STATUSES: tuple[str, ...] = REQUEST_STATUSES

# --- background jobs -----------------------------------------------------------------------
QUEUED = "queued"        # waiting for the server's worker
RUNNING = "running"      # being worked on (progress and message say how far)
DONE = "done"            # finished: its result is written
FAILED = "failed"        # stopped by an error or by a server restart, with the reason
# CANCELLED (an organiser stopped it) is shared with meetings.
JOB_STATUSES: tuple[str, ...] = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
ACTIVE_JOB_STATUSES: tuple[str, ...] = (QUEUED, RUNNING)
JOB_KINDS: tuple[str, ...] = ("matching", "schedule", "replan", "export")

# --- e-mails in the outbox -----------------------------------------------------------------
# QUEUED (waiting for its next attempt) and FAILED (given up after the last attempt, or
# refused for good by the mail server) are shared with jobs.
SENDING = "sending"      # claimed by a sender until its lease ends
SENT = "sent"            # the mail server took it
SKIPPED = "skipped"      # not sent, with the reason: unsubscribed, the meeting moved, ...
MAIL_STATUSES: tuple[str, ...] = (QUEUED, SENDING, SENT, FAILED, SKIPPED)
