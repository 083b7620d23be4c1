"""Figures and chart data for the organiser console and the post-event report.

Pure: every function takes plain rows (dicts as ``organiser_storage`` returns them) and
returns plain rows or numbers, ready for a chart or a table. No Streamlit, no SQLite, so
the console and the PDF report show the same figures.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matchmaking.domain.taxonomy import Taxonomy
from matchmaking.domain.timezones import local
from matchmaking.domain.vocabulary import (ACCEPTED, AGREED_MEETING_STATUSES, CANCELLED, COMPLETED,
                                           CONFIRMED, DECLINED, EXPIRED, KINDS,
                                           LIVE_MEETING_STATUSES, MEETING_STATUSES, NO_SHOW,
                                           PENDING, PROPOSED)

Row = dict[str, Any]
LIVE = frozenset(LIVE_MEETING_STATUSES)
# What the grid and the charts show, in order: live meetings, then those that did not happen.
STATUSES: tuple[str, ...] = MEETING_STATUSES
HAPPENED_OR_DUE = frozenset({CONFIRMED, COMPLETED, NO_SHOW})
OTHER_AXIS = "other"
LOCK_MARK = "◆"  # in front of a locked meeting in the grid (a character every font has)


def slot_time(start_utc: str, zone: str) -> str:
    """A slot's local start, ``HH:MM``."""
    return f"{local(start_utc, zone):%H:%M}"


# --- the grid -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grid:
    """One day of the event as tables x slots: who meets whom, and the status of each cell
    ("" where the table is free)."""

    tables: list[str]
    locations: list[str]
    times: list[str]
    slot_ids: list[int]
    table_ids: list[int]
    text: list[list[str]]
    status: list[list[str]]
    meeting: list[list[int | None]]
    locked: list[list[bool]]

    @property
    def filled(self) -> int:
        return sum(1 for row in self.status for s in row if s in LIVE)


def grid(meetings: Iterable[Row], slots: Sequence[Row], tables: Sequence[Row], zone: str,
         *, include_inactive_tables: bool = False) -> Grid:
    """The grid of the given meeting slots (one day, in time order) and tables. A cell
    shows its live meeting; failing that, the latest no-show or cancellation there."""
    slots = [s for s in slots if s["kind"] == "meeting"]
    tables = [t for t in tables if t["active"] or include_inactive_tables]
    column = {s["id"]: j for j, s in enumerate(slots)}
    row_of = {t["id"]: i for i, t in enumerate(tables)}
    shape = (len(tables), len(slots))
    text = [[""] * shape[1] for _ in range(shape[0])]
    status = [[""] * shape[1] for _ in range(shape[0])]
    meeting: list[list[int | None]] = [[None] * shape[1] for _ in range(shape[0])]
    locked = [[False] * shape[1] for _ in range(shape[0])]
    rank = {s: i for i, s in enumerate((DECLINED, CANCELLED, NO_SHOW))}
    best: dict[tuple[int, int], tuple[int, str, Row]] = {}
    for m in meetings:
        i, j = row_of.get(m["table_id"]), column.get(m["slot_id"])
        if i is None or j is None:
            continue
        # live beats no-show beats cancelled; among equals, the latest change
        key = (10 if m["status"] in LIVE else rank.get(m["status"], -1), m["updated_at"], m)
        if (i, j) not in best or key[:2] > best[(i, j)][:2]:
            best[(i, j)] = key
    for (i, j), (_, _, m) in best.items():
        lock = f"{LOCK_MARK} " if m["locked"] else ""
        text[i][j] = f"{lock}{m['a_organisation']} ↔ {m['b_organisation']}"
        status[i][j] = m["status"]
        meeting[i][j] = m["id"]
        locked[i][j] = bool(m["locked"])
    return Grid(tables=[t["name"] for t in tables], locations=[t["location"] for t in tables],
                times=[slot_time(s["start_utc"], zone) for s in slots],
                slot_ids=[s["id"] for s in slots], table_ids=[t["id"] for t in tables],
                text=text, status=status, meeting=meeting, locked=locked)


# --- meetings over time and space ------------------------------------------------------------

def status_counts(meetings: Iterable[Row]) -> dict[str, int]:
    counts = Counter(m["status"] for m in meetings)
    return {s: counts.get(s, 0) for s in STATUSES}


def meetings_per_slot(meetings: Iterable[Row], slots: Sequence[Row], zone: str) -> list[Row]:
    """Per meeting slot and status (live ones and no-shows): {day, time, status, meetings}.
    Slots without meetings appear with 0, so the chart keeps its time axis."""
    counts = Counter((m["slot_id"], m["status"]) for m in meetings
                     if m["status"] in LIVE or m["status"] == NO_SHOW)
    shown = [s for s in STATUSES if s in LIVE or s == NO_SHOW]
    rows = []
    for s in slots:
        if s["kind"] != "meeting":
            continue
        for status in shown:
            rows.append({"day": s["day"], "time": slot_time(s["start_utc"], zone),
                         "status": status, "meetings": counts.get((s["id"], status), 0)})
    return rows


def table_utilisation(meetings: Iterable[Row], tables: Sequence[Row], slots: Sequence[Row]
                      ) -> list[Row]:
    """Per active table: live meetings, meeting slots, and the share of slots used."""
    n_slots = sum(1 for s in slots if s["kind"] == "meeting")
    used = Counter(m["table_id"] for m in meetings if m["status"] in LIVE)
    return [{"table": t["name"], "location": t["location"] or "—",
             "meetings": used.get(t["id"], 0), "slots": n_slots,
             "utilisation": round(used.get(t["id"], 0) / n_slots, 4) if n_slots else 0.0}
            for t in tables if t["active"]]


def utilisation_by_location(rows: Sequence[Row]) -> list[Row]:
    """Table utilisation summed per location (zone)."""
    meetings: dict[str, int] = defaultdict(int)
    capacity: dict[str, int] = defaultdict(int)
    for row in rows:
        meetings[row["location"]] += row["meetings"]
        capacity[row["location"]] += row["slots"]
    return [{"location": k, "meetings": meetings[k], "capacity": capacity[k],
             "utilisation": round(meetings[k] / capacity[k], 4) if capacity[k] else 0.0}
            for k in sorted(meetings)]


def live_counts(meetings: Iterable[Row]) -> Counter:
    """Live meetings per participant."""
    counts: Counter = Counter()
    for m in meetings:
        if m["status"] in LIVE:
            counts[m["participant_a"]] += 1
            counts[m["participant_b"]] += 1
    return counts


def per_startup(meetings: Iterable[Row], participants: Iterable[Row]) -> tuple[list[Row], Row]:
    """The fairness histogram: how many active start-ups have 0, 1, 2, … live meetings;
    and the figures (min, median, max, mean, without any)."""
    counts = live_counts(meetings)
    values = [counts.get(p["id"], 0) for p in participants
              if p["kind"] == "startup" and p["active"]]
    histogram = Counter(values)
    top = max(values, default=0)
    rows = [{"meetings": k, "startups": histogram.get(k, 0)} for k in range(top + 1)]
    figures = {"startups": len(values), "min": min(values, default=0),
               "median": statistics.median(values) if values else 0,
               "max": top, "mean": round(statistics.fmean(values), 2) if values else 0.0,
               "without": histogram.get(0, 0)}
    return rows, figures


def primary_axis(sectors: Sequence[str], taxonomy: Taxonomy) -> str:
    """The thematic axis of a profile: the axis of its first sector the taxonomy knows."""
    for code in sectors:
        axes = taxonomy.axes_of(code)
        if axes:
            return axes[0]
    return OTHER_AXIS


def axis_label(code: str, taxonomy: Taxonomy, lang: str, other: str) -> str:
    return other if code == OTHER_AXIS else taxonomy.label(code, lang)


def by_axis(meetings: Iterable[Row], participants: Sequence[Row], taxonomy: Taxonomy
            ) -> list[Row]:
    """Per thematic axis and kind: active participants and their live meetings (a profile
    counts for every axis its sectors belong to)."""
    counts = live_counts(meetings)
    people: Counter = Counter()
    booked: Counter = Counter()
    for p in participants:
        if not p["active"]:
            continue
        axes = {a for code in p["sectors"] for a in taxonomy.axes_of(code)} or {OTHER_AXIS}
        for axis in axes:
            people[(axis, p["kind"])] += 1
            booked[(axis, p["kind"])] += counts.get(p["id"], 0)
    order = [a.code for a in taxonomy.axes] + [OTHER_AXIS]
    return [{"axis": axis, "kind": kind, "participants": people[(axis, kind)],
             "meetings": booked[(axis, kind)]}
            for axis in order for kind in KINDS
            if people[(axis, kind)]]


def by_sector(meetings: Iterable[Row], participants: Sequence[Row], taxonomy: Taxonomy,
              top: int = 15) -> list[Row]:
    """The sectors with the most active participants: participants and live meetings."""
    counts = live_counts(meetings)
    people: Counter = Counter()
    booked: Counter = Counter()
    for p in participants:
        if p["active"]:
            for code in dict.fromkeys(p["sectors"]):
                if taxonomy.sectors.get(code) is None or not taxonomy.sectors[code].is_axis:
                    people[code] += 1
                    booked[code] += counts.get(p["id"], 0)
    return [{"sector": code, "participants": n, "meetings": booked[code]}
            for code, n in sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


# --- requests, feedback, no-shows -------------------------------------------------------------

def request_stats(requests: Sequence[Row], participants: Sequence[Row]) -> tuple[list[Row], Row]:
    """Requests by the recipient's kind and status, and the acceptance rate (accepted among
    the answered or expired ones)."""
    kinds = {p["id"]: p["kind"] for p in participants}
    counts = Counter((kinds.get(r["recipient_id"], "?"), r["status"]) for r in requests)
    rows = [{"kind": kind, "status": status, "requests": n}
            for (kind, status), n in sorted(counts.items())]
    by_status = Counter(r["status"] for r in requests)
    decided = by_status[ACCEPTED] + by_status[DECLINED] + by_status[EXPIRED]
    figures = {"total": len(requests), **{s: by_status.get(s, 0) for s in
                                          (PENDING, ACCEPTED, DECLINED, EXPIRED,
                                           CANCELLED)},
               "acceptance_rate": round(by_status[ACCEPTED] / decided, 4) if decided
               else None}
    return rows, figures


def acceptance_by_kind(requests: Sequence[Row], participants: Sequence[Row]) -> list[Row]:
    kinds = {p["id"]: p["kind"] for p in participants}
    accepted: Counter = Counter()
    decided: Counter = Counter()
    for r in requests:
        if r["status"] in (ACCEPTED, DECLINED, EXPIRED):
            kind = kinds.get(r["recipient_id"], "?")
            decided[kind] += 1
            accepted[kind] += r["status"] == ACCEPTED
    return [{"kind": k, "decided": decided[k], ACCEPTED: accepted[k],
             "rate": round(accepted[k] / decided[k], 4)} for k in sorted(decided)]


def requests_per_investor(requests: Sequence[Row], participants: Sequence[Row], top: int = 15
                          ) -> tuple[list[Row], list[Row]]:
    """How many investors received 0, 1, 2, … requests (the flooding check), and the most
    requested investors."""
    investors = {p["id"]: p["organisation"] for p in participants
                 if p["kind"] == "investor" and p["active"]}
    received = Counter(r["recipient_id"] for r in requests if r["recipient_id"] in investors)
    values = [received.get(i, 0) for i in investors]
    histogram = Counter(values)
    rows = [{"requests": k, "investors": histogram.get(k, 0)}
            for k in range(max(values, default=0) + 1)]
    most = [{"organisation": investors[i], "requests": n}
            for i, n in sorted(received.items(), key=lambda kv: (-kv[1], investors[kv[0]]))[:top]]
    return rows, most


def feedback_stats(feedback: Sequence[Row]) -> tuple[list[Row], Row]:
    ratings = [f["rating"] for f in feedback if f["rating"] is not None]
    counts = Counter(ratings)
    rows = [{"rating": k, "answers": counts.get(k, 0)} for k in range(1, 6)]
    return rows, {"answers": len(feedback), "rated": len(ratings),
                  "mean": round(statistics.fmean(ratings), 2) if ratings else None}


def no_show_stats(meetings: Sequence[Row], now_utc: str) -> tuple[list[Row], Row]:
    """No-shows among the meetings that were due (confirmed, completed or no-show, in a
    slot started by ``now_utc``), per day and in all."""
    due: Counter = Counter()
    absent: Counter = Counter()
    for m in meetings:
        if m["status"] in HAPPENED_OR_DUE and m["start_utc"] <= now_utc:
            due[m["day"]] += 1
            absent[m["day"]] += m["status"] == NO_SHOW
    rows = [{"day": d, "due": due[d], NO_SHOW: absent[d],
             "rate": round(absent[d] / due[d], 4) if due[d] else 0.0} for d in sorted(due)]
    total, gone = sum(due.values()), sum(absent.values())
    return rows, {"due": total, NO_SHOW: gone,
                  "rate": round(gone / total, 4) if total else None}


def summary(meetings: Sequence[Row], participants: Sequence[Row], tables: Sequence[Row],
            slots: Sequence[Row]) -> Row:
    """The headline figures of the event."""
    kinds = Counter(p["kind"] for p in participants if p["active"])
    live = sum(1 for m in meetings if m["status"] in LIVE)
    capacity = sum(1 for s in slots if s["kind"] == "meeting") * sum(
        1 for t in tables if t["active"])
    return {"startups": kinds["startup"], "investors": kinds["investor"],
            "partners": kinds["partner"], "meetings": live,
            CONFIRMED: sum(1 for m in meetings if m["status"] in AGREED_MEETING_STATUSES),
            PROPOSED: sum(1 for m in meetings if m["status"] == PROPOSED),
            "capacity": capacity,
            "utilisation": round(live / capacity, 4) if capacity else 0.0}


# --- the map of profiles -----------------------------------------------------------------------

def profile_map(vectors: Mapping[int, np.ndarray]) -> dict[int, tuple[float, float]]:
    """2-D coordinates of profile vectors (principal components; deterministic: the same
    vectors always give the same picture, signs included)."""
    ids = sorted(vectors)
    if not ids:
        return {}
    matrix = np.vstack([np.asarray(vectors[i], dtype=np.float64).ravel() for i in ids])
    if len(ids) < 3 or matrix.shape[1] < 2:
        padded = np.zeros((len(ids), 2))
        padded[:, :min(2, matrix.shape[1])] = matrix[:, :2]
        return {i: (float(x), float(y)) for i, (x, y) in zip(ids, padded)}
    from sklearn.decomposition import PCA

    # exact, and fast with few dimensions: the eigenvectors of the covariance matrix
    coords = PCA(n_components=2, svd_solver="covariance_eigh").fit_transform(matrix)
    for k in range(2):  # a component's sign is arbitrary: fix it
        column = coords[:, k]
        if column[np.argmax(np.abs(column))] < 0:
            coords[:, k] = -column
    return {i: (round(float(x), 5), round(float(y), 5)) for i, (x, y) in zip(ids, coords)}


def map_points(participants: Sequence[Row], coords: Mapping[int, tuple[float, float]],
               taxonomy: Taxonomy) -> list[Row]:
    return [{"id": p["id"], "organisation": p["organisation"], "kind": p["kind"],
             "axis": primary_axis(p["sectors"], taxonomy), "x": coords[p["id"]][0],
             "y": coords[p["id"]][1]} for p in participants if p["id"] in coords]


def map_segments(meetings: Iterable[Row], coords: Mapping[int, tuple[float, float]], *,
                 day: str | None = None, limit: int = 5000) -> list[Row]:
    """The live meetings (of ``day``) as segments between the two profiles' points."""
    rows = []
    for m in meetings:
        if m["status"] not in LIVE or (day is not None and m["day"] != day):
            continue
        a, b = coords.get(m["participant_a"]), coords.get(m["participant_b"])
        if a is None or b is None:
            continue
        rows.append({"x": a[0], "y": a[1], "x2": b[0], "y2": b[1], "status": m["status"],
                     "meeting": f"{m['a_organisation']} ↔ {m['b_organisation']}"})
        if len(rows) >= limit:
            break
    return rows
