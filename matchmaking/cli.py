"""The ``matchmaking`` command: thin commands over ``services``.

Each command's docstring is its ``--help``. Library errors become one clear line on
stderr and a non-zero exit, never a traceback (set MATCHMAKING_DEBUG=1 to see one).
Nothing imported here loads torch: only commands that embed import the model.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from matchmaking import __version__
from matchmaking.domain.event import InvalidEvent
from matchmaking.domain.importing import DEFAULT_MAX_BYTES, InvalidRegistrations, problems_text
from matchmaking.domain.paths import DB_ENV_VAR, database_path
from matchmaking.domain.vocabulary import (CANCELLED, DECLINED, JOB_KINDS, KINDS, MAIL_STATUSES,
                                           PROPOSED)
from matchmaking.services import event as services

FORMATS = click.Choice(["table", "json"])


class _Context:
    def __init__(self, db_path: Path):
        self.db_path = db_path

    @contextmanager
    def database(self, create: bool = False) -> Iterator[Any]:
        db = services.open_database(self.db_path, create=create)
        try:
            yield db
        finally:
            db.close()


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    from tabulate import tabulate

    def show(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return ", ".join(map(str, value))
        return "" if value is None else str(value)

    return tabulate([[show(r.get(c)) for c in columns] for r in rows], headers=columns)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="matchmaking")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Event database (default: ${DB_ENV_VAR}, else data/matchmaking.db).")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Matchmaking for the start-up village of a smart-city exhibition.

    \b
    Example:
      matchmaking init --demo
      matchmaking participants --kind investor
    """
    ctx.obj = _Context(database_path(db))


def _first_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    if value == "today":
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD or 'today', got {value!r}") from None


@cli.command()
@click.option("--demo", is_flag=True, help="Load the bundled Casablanca demo event.")
@click.option("--event", "event_file", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path),
              help="Set up the event (days, slots, tables) from a JSON description.")
@click.option("--first-day", callback=_first_day, metavar="YYYY-MM-DD|today",
              help="Move the event to begin that day, its days as far apart (a rehearsal of "
                   "the demo on today's date, with live free-slot suggestions).")
@click.pass_obj
def init(obj: _Context, demo: bool, event_file: Path | None, first_day: date | None) -> None:
    """Create or upgrade the event database.

    \b
    Example:
      matchmaking --db event.db init --demo
      matchmaking --db rehearsal.db init --demo --first-day today
    """
    summary = services.init_database(obj.db_path, demo=demo, event_file=event_file,
                                     first_day=first_day, actor="cli")
    for key, value in summary.items():
        click.echo(f"{key}: {value}")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--max-size", type=click.FloatRange(min=0.001), default=DEFAULT_MAX_BYTES / 1e6,
              show_default=True, help="Largest file accepted, in MB.")
@click.pass_obj
def import_(obj: _Context, file: Path, dry_run: bool, max_size: float) -> None:
    """Import registrations from a CSV, XLSX or JSON file.

    Re-importing updates participants by e-mail. The whole file is checked first; any
    problem is reported by row and column and nothing is written.

    \b
    Example:
      matchmaking import registrations.xlsx --dry-run
    """
    with obj.database(create=True) as db:
        result = services.import_registrations(db, file, dry_run=dry_run,
                                               max_bytes=int(max_size * 1e6), actor="cli")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(result.report.summary())
    for email, columns in result.report.updated.items():
        click.echo(f"  {'would update' if dry_run else 'updated'} {email}: {', '.join(columns)}")


@cli.command()
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--sector", help="A sector code from the taxonomy, e.g. water.")
@click.option("--search", help="Text to find in names, e-mails and profiles.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def participants(obj: _Context, kind: str | None, sector: str | None, search: str | None,
                 fmt: str) -> None:
    """List participants, optionally filtered.

    \b
    Example:
      matchmaking participants --kind startup --sector water --format json
    """
    with obj.database() as db:
        if fmt == "json":
            click.echo(services.export_participants(db, "json", kind=kind, sector=sector,
                                                    search=search), nl=False)
            return
        rows = services.list_participants(db, kind=kind, sector=sector, search=search)
    click.echo(_table(rows, ["kind", "organisation", "email", "country", "sectors", "stages"]))
    click.echo(f"{len(rows)} participant{'s' * (len(rows) != 1)}")


@cli.group()
def export() -> None:
    """Export event data to files."""


@export.command("participants")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_obj
def export_participants(obj: _Context, fmt: str, output: Path | None) -> None:
    """Export all participants (CSV cells are safe to open in a spreadsheet).

    \b
    Example:
      matchmaking export participants --format csv -o participants.csv
    """
    with obj.database() as db:
        text = services.export_participants(db, fmt)
    if output:
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(obj: _Context, file: Path) -> None:
    """Copy the live database to FILE (safe while the app is running).

    \b
    Example:
      matchmaking backup backups/day1-evening.db
    """
    with obj.database() as db:
        target = services.backup(db, file)
    click.echo(f"backed up to {target}")


def _encoder(model: str | None):
    from matchmaking.matching.embedding import SentenceTransformerEncoder

    return SentenceTransformerEncoder(model)


def _refresh(db: Any, model: str | None, quiet: bool = False) -> str:
    """Bring the embedding cache up to date, with a progress bar when the model runs."""
    from tqdm import tqdm

    from matchmaking.services.matching import refresh_embeddings

    encoder = _encoder(model)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="sentence", desc="embedding", disable=quiet,
                       file=sys.stderr)
        bar.update(done - bar.n)

    try:
        report = refresh_embeddings(db, encoder, progress)
    finally:
        if bar is not None:
            bar.close()
    if not quiet or report.fields_embedded:
        click.echo(report.summary(), err=quiet)
    return encoder.name


@cli.command()
@click.option("--model", help="Model name or folder (default: $MATCHMAKING_MODEL, else the "
                              "bundled all-MiniLM-L6-v2).")
@click.pass_obj
def embed(obj: _Context, model: str | None) -> None:
    """Embed the profile texts that changed since the last run (cached in the database).

    \b
    Example:
      matchmaking embed
      MATCHMAKING_MODEL=models/multilingual-e5-small matchmaking embed
    """
    with obj.database() as db:
        _refresh(db, model)


@cli.command()
@click.option("--participant", "email", help="E-mail of the participant to recommend for.")
@click.option("--all", "everyone", is_flag=True, help="Every participant (JSON lines).")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
              help="Language of the reasons in the table format (JSON has both).")
@click.option("--model", help="Model name or folder (default: the bundled model).")
@click.pass_obj
def recommend(obj: _Context, email: str | None, everyone: bool, top: int, fmt: str, lang: str,
              model: str | None) -> None:
    """Recommend who to meet, with two-way scores and the reasons for each.

    \b
    Example:
      matchmaking recommend --participant amina@example.org --top 5
      matchmaking recommend --all --top 20 --format json > recommendations.jsonl
    """
    import json

    from matchmaking.services.matching import match_event, recommendations_for

    if bool(email) == everyone:
        raise click.UsageError("give either --participant EMAIL or --all")
    if everyone and fmt != "json":
        raise click.UsageError("--all writes one JSON object per participant: add --format json")
    with obj.database() as db:
        person = services.get_participant(db, email) if email else None
        model_name = _refresh(db, model, quiet=fmt == "json")
        matching = match_event(db, model_name, top_k=top)
    people = [person] if person else [matching.profile(pid)
                                      for pid in matching.result.participants()]
    for who in people:
        found = recommendations_for(matching, who["id"], top)
        if fmt == "json":
            click.echo(json.dumps({"participant": who["email"], "organisation": who["organisation"],
                                   "kind": who["kind"], "weights": matching.weights.as_dict(),
                                   "recommendations": found}, ensure_ascii=False))
            continue
        click.echo(f"{who['organisation']} ({who['kind']}), top {len(found)}:")
        for rank, item in enumerate(found, 1):
            click.echo(f"{rank:>3}. {item['organisation']} ({item['kind']})  score "
                       f"{item['score']:.2f}  [for you {item['fit_for_you']:.2f} · for them "
                       f"{item['fit_for_them']:.2f}]")
            for reason in item["reasons"][lang]:
                click.echo(f"       - {reason}")


@cli.command()
@click.option("--model", help="Model name or folder (default: the bundled model).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def weights(obj: _Context, model: str | None, fmt: str) -> None:
    """Show the component weights in use: learned from feedback once there is enough,
    else the defaults.

    \b
    Example:
      matchmaking weights --format json
    """
    import json

    from matchmaking.services.matching import match_event

    with obj.database() as db:
        in_use = match_event(db, _encoder(model).name, top_k=1).weights
    if fmt == "json":
        click.echo(json.dumps(in_use.as_dict(), indent=2))
        return
    info = in_use.as_dict()
    click.echo(f"weights in use: {info['source']} ({info['note']})")
    click.echo(_table([{"component": k, "weight": f"{v:.3f}"} for k, v in
                       info["weights"].items()], ["component", "weight"]))


def _matching(db: Any, model: str | None = None) -> Any:
    """Scores of the event with the cached embeddings (embedding what changed first)."""
    from matchmaking.services.matching import match_event

    return match_event(db, _refresh(db, model, quiet=True))


def _now(value: str | None) -> Any:
    from datetime import datetime, timezone

    if not value:
        return datetime.now(timezone.utc)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise click.BadParameter("give a time zone offset, e.g. 2024-06-05T10:35:00+01:00",
                                 param_hint="--now")
    return moment


NOW_OPTION = click.option("--now", "now", help="Act as if it were this time (ISO 8601 with "
                                               "offset); default: the current time.")


@cli.command()
@click.argument("requester")
@click.argument("recipient")
@click.option("--note", default="", help="A short message for the recipient.")
@NOW_OPTION
@click.pass_obj
def request(obj: _Context, requester: str, recipient: str, note: str, now: str | None) -> None:
    """Request a meeting: REQUESTER asks RECIPIENT (both by e-mail).

    \b
    Example:
      matchmaking request amina@example.org invest@atlas.example.org --note "Seed round"
    """
    from matchmaking.services.meetings import request_meeting

    with obj.database() as db:
        result = request_meeting(db, requester, recipient, note=note, now=_now(now),
                                 matching=lambda: _matching(db))
    if result.get("meeting_id"):
        click.echo(f"request {result['id']}: they had asked you too, meeting "
                   f"{result['meeting_id']} booked")
    else:
        click.echo(f"request {result['id']}: {result['status']}"
                   + (" (already sent)" if result.get("retry") else ""))


@cli.command()
@click.argument("request_id", type=int)
@click.option("--slot", "slot_id", type=int, help="A slot id among the common free ones "
                                                  "(default: the earliest).")
@NOW_OPTION
@click.pass_obj
def accept(obj: _Context, request_id: int, slot_id: int | None, now: str | None) -> None:
    """Accept a meeting request (as its recipient): books a slot and a table.

    \b
    Example:
      matchmaking accept 12
    """
    from matchmaking.services.meetings import accept_request, meetings_list

    with obj.database() as db:
        meeting = accept_request(db, request_id, slot_id=slot_id, now=_now(now), actor="cli")
        shown = next(m for m in meetings_list(db) if m["id"] == meeting["id"])
    click.echo(f"meeting {shown['id']}: {shown['start']} – {shown['end']}, table "
               f"{shown['table']}")


@cli.command()
@click.argument("request_id", type=int)
@click.option("--reason", default="", help="Why (shown to the requester).")
@NOW_OPTION
@click.pass_obj
def decline(obj: _Context, request_id: int, reason: str, now: str | None) -> None:
    """Decline a meeting request (as its recipient).

    \b
    Example:
      matchmaking decline 12 --reason "Outside our thesis"
    """
    from matchmaking.services.meetings import decline_request

    with obj.database() as db:
        decline_request(db, request_id, reason=reason, now=_now(now), actor="cli")
    click.echo(f"request {request_id}: declined")


@cli.command()
@click.argument("meeting_id", type=int)
@click.option("--as", "email", required=True, help="The participant answering (e-mail).")
@click.option("--yes/--no", "yes", required=True, help="Accept or decline the proposal.")
@click.option("--reason", default="", help="Why, when declining (shown to the other side).")
@NOW_OPTION
@click.pass_obj
def answer(obj: _Context, meeting_id: int, email: str, yes: bool, reason: str,
           now: str | None) -> None:
    """Answer a proposed meeting as one of its two participants: with both yeses (or a
    yes to a meeting the other side asked for) it is confirmed.

    \b
    Example:
      matchmaking answer 31 --as amina.benali@example.org --yes
    """
    from matchmaking.services.meetings import accept_proposal, set_meeting_status

    with obj.database() as db:
        person = services.get_participant(db, email)
        if yes:
            meeting = accept_proposal(db, meeting_id, by=person["id"], now=_now(now))
        else:
            meeting = set_meeting_status(db, meeting_id, DECLINED, by=person["id"],
                                         reason=reason, now=_now(now), actor="cli")
    waiting = meeting["status"] == PROPOSED
    click.echo(f"meeting {meeting_id}: {meeting['status']}"
               + (" (waiting for the other side's yes)" if waiting else ""))


@cli.command()
@click.option("--meeting", "meeting_id", type=int, help="Cancel this meeting.")
@click.option("--request", "request_id", type=int, help="Withdraw this pending request.")
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@NOW_OPTION
@click.pass_obj
def cancel(obj: _Context, meeting_id: int | None, request_id: int | None, reason: str,
           now: str | None) -> None:
    """Cancel a meeting (frees its slot and table) or withdraw a pending request.

    \b
    Example:
      matchmaking cancel --meeting 31 --reason "Flight delayed"
    """
    from matchmaking.services.meetings import set_meeting_status, withdraw_request

    if (meeting_id is None) == (request_id is None):
        raise click.UsageError("give either --meeting ID or --request ID")
    with obj.database() as db:
        if meeting_id is not None:
            set_meeting_status(db, meeting_id, CANCELLED, reason=reason, now=_now(now),
                               actor="cli")
            click.echo(f"meeting {meeting_id}: cancelled")
        else:
            withdraw_request(db, request_id, reason=reason, now=_now(now), actor="cli")
            click.echo(f"request {request_id}: withdrawn")


@cli.command("schedule")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds the scheduler may take.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed gives the same schedule.")
@click.option("--dry-run", is_flag=True, help="Report what it would propose; write nothing.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def schedule_(obj: _Context, time_limit: float, seed: int, dry_run: bool, fmt: str) -> None:
    """Propose meetings for the remaining capacity (accepted and locked meetings stay).

    Reports the objective, an upper bound on it and the gap, fairness figures, unused
    table capacity and the time taken.

    \b
    Example:
      matchmaking schedule --time-limit 30 --seed 1 --format json
    """
    import json

    from matchmaking.services.meetings import run_scheduler

    with obj.database() as db:
        report = run_scheduler(db, _matching(db), time_limit=time_limit, seed=seed,
                               dry_run=dry_run, actor="cli")
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, default=str))
        return
    click.echo(f"{'would add' if dry_run else 'added'} {report['meetings_added']} meetings "
               f"({report['status_of_new_meetings']}) in {report['seconds']:.1f} s")
    click.echo(f"  objective {report['objective']}, upper bound {report['bound']}, "
               f"gap {report['gap']:.3%}" if report.get("bound") is not None else
               f"  objective {report['objective']} (no bound computed in the time given)")
    if report.get("bound_at_fairness") is not None:
        click.echo(f"  bound for schedules at least as fair {report['bound_at_fairness']}, "
                   f"gap at that fairness {report['gap_at_fairness']:.3%}")
    per = report["per_startup"]
    click.echo(f"  meetings per start-up: min {per['min']}, median {per['median']}, max "
               f"{per['max']}; start-ups without a meeting: {report['startups_without_meeting']}")
    click.echo(f"  unused table-slots: {report['unused_table_slots']}")


@cli.command()
@click.option("--participant", "email", help="Only this participant's meetings.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def meetings(obj: _Context, email: str | None, fmt: str) -> None:
    """List meetings with local start and end times, table, both e-mails and status.

    \b
    Example:
      matchmaking meetings --participant amina@example.org --format json
    """
    import json

    from matchmaking.services.meetings import meetings_list

    with obj.database() as db:
        rows = meetings_list(db, email)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(_table([{**r, "with": " — ".join(r["organisations"])} for r in rows],
                      ["id", "start", "end", "table", "status", "with"]))


@export.command("agenda")
@click.option("--format", "fmt", type=click.Choice(["ics", "csv"]), default="ics",
              show_default=True)
@click.option("--participant", "email", help="Only this participant's agenda.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_obj
def export_agenda(obj: _Context, fmt: str, email: str | None, output: Path | None) -> None:
    """Export an agenda: iCalendar (stable UIDs, UTC times) or CSV (local times).

    \b
    Example:
      matchmaking export agenda --format ics --participant amina@example.org -o amina.ics
    """
    from matchmaking.services.meetings import agenda_csv, agenda_ics

    with obj.database() as db:
        data = agenda_ics(db, email) if fmt == "ics" else agenda_csv(db, email).encode("utf-8")
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {output}")
    else:
        click.echo(data.decode("utf-8"), nl=False)


@cli.command("replan")
@click.option("--no-show", "no_shows", multiple=True, help="E-mail of a participant who did "
                                                           "not come (repeatable).")
@click.option("--cancel", "called_off", multiple=True, type=int,
              help="A meeting that will not take place (repeatable).")
@click.option("--walk-in", "walk_ins", multiple=True,
              help="E-mail of a participant registered on site (repeatable).")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=5.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@NOW_OPTION
@click.pass_obj
def replan_(obj: _Context, no_shows: tuple[str, ...], called_off: tuple[int, ...],
            walk_ins: tuple[str, ...], time_limit: float, seed: int, now: str | None) -> None:
    """Re-plan the rest of the day after no-shows, cancellations and walk-ins: every meeting
    that stays keeps its time and table; only freed or new capacity is filled.

    \b
    Example:
      matchmaking replan --no-show investor@example.org --now 2024-06-05T11:40:00+01:00
    """
    import json

    from matchmaking.services.meetings import replan_now

    with obj.database() as db:
        result = replan_now(db, _matching(db), now=_now(now), no_shows=no_shows,
                            cancelled=called_off, walk_ins=walk_ins, time_limit=time_limit,
                            seed=seed, actor="cli")
    click.echo(json.dumps({k: v for k, v in result.items() if k != "report"}, indent=2))


@cli.command()
@click.option("--base-url", required=True, help="Address of the app, e.g. http://192.168.1.10:8501")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
@click.option("--regenerate", is_flag=True, help="New codes (old links stop working).")
@click.option("--participant", "emails", multiple=True,
              help="Only these participants (repeatable); with --regenerate, only theirs change.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def invitations(obj: _Context, base_url: str, fmt: str, regenerate: bool,
                emails: tuple[str, ...], output: Path | None) -> None:
    """Print each participant's e-mail and personal sign-in link, for a mail merge.

    \b
    Example:
      matchmaking invitations --base-url http://10.0.0.5:8501 --format csv -o links.csv
    """
    from matchmaking.documents.exporting import to_csv, to_json

    with obj.database() as db:
        secret = services.access_secret(db, obj.db_path, regenerate=regenerate)
        rows = services.invitation_links(db, secret, base_url,
                                         regenerate=regenerate, emails=list(emails) or None,
                                         actor="cli")
    text = to_json(rows) if fmt == "json" else to_csv(
        rows, ["email", "organisation", "contact_name", "kind", "link"])
    if output:
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        click.echo(f"wrote {len(rows)} invitations to {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--base-url", required=True, help="Address of the app, e.g. http://192.168.1.10:8501")
@click.option("--out", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write.")
@click.option("--layout", type=click.Choice(["a6", "sheet"]), default="a6", show_default=True,
              help="a6: one badge per A6 page; sheet: A4 sheets of 2 x 4 labels (105 x 74 mm).")
@click.option("--ids", "ids", multiple=True, type=int,
              help="Only these participants, by id (repeatable: --ids 12 --ids 40).")
@click.option("--lang", default="participant", show_default=True,
              type=click.Choice(["participant", "en", "fr", "ar"]),
              help="The language of the kind on each badge: its holder's, or one for all.")
@click.pass_obj
def badges(obj: _Context, base_url: str, output: Path, layout: str, ids: tuple[int, ...],
           lang: str) -> None:
    """Print name badges with the QR code of each participant's personal link, scanned at
    the check-in desk (and opening their pages from a phone).

    \b
    Example:
      matchmaking badges --base-url http://10.0.0.5:8501 --out badges.pdf --layout sheet
      matchmaking badges --base-url http://10.0.0.5:8501 --out two.pdf --ids 12 --ids 40
    """
    from matchmaking.services.badges import badges_pdf

    with obj.database() as db:
        data = badges_pdf(db, obj.db_path, base_url, layout=layout, ids=list(ids) or None,
                          lang=lang)
    output.write_bytes(data)
    click.echo(f"wrote {output} ({len(data) // 1024} KB)")


@cli.group(invoke_without_command=True)
@click.option("--kind", type=click.Choice(JOB_KINDS),
              help="Only jobs of this kind.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def jobs(ctx: click.Context, kind: str | None, limit: int, fmt: str) -> None:
    """List the background jobs (matching, scheduler runs, re-plans, exports), latest first:
    id, kind, status, progress, what it is doing or why it failed, and its times.

    \b
    Example:
      matchmaking jobs --format json
      matchmaking jobs cancel 12
    """
    if ctx.invoked_subcommand is not None:
        return
    import json

    from matchmaking.services import jobs as job_service

    obj: _Context = ctx.obj
    with obj.database() as db:
        rows = job_service.list_jobs(db, kind=kind, limit=limit)
    shown = [{"id": r["id"], "kind": r["kind"], "status": r["status"],
              "progress": round(r["progress"], 3),
              "message": job_service.message_text(r["message"], "en"),
              "error": job_service.error_text(r, "en") if r["error"] else "",
              "actor": r["actor"], "worker": r["worker"], "created": r["created_at"],
              "started": r["started_at"], "finished": r["finished_at"],
              "cancel_requested": r["cancel_requested"]} for r in rows]
    if fmt == "json":
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    click.echo(_table([{**r, "progress": f"{r['progress']:.0%}",
                        "message": r["error"] or r["message"]} for r in shown],
                      ["id", "kind", "status", "progress", "message", "created", "started",
                       "finished"]))


@jobs.command("cancel")
@click.argument("job_id", type=int)
@click.pass_obj
def jobs_cancel(obj: _Context, job_id: int) -> None:
    """Cancel a job: a queued one at once, a running one at its next step (it keeps
    nothing).

    \b
    Example:
      matchmaking jobs cancel 12
    """
    from matchmaking.services import jobs as job_service

    with obj.database() as db:
        job = job_service.request_cancel(db, job_id, actor="cli")
    click.echo(f"job {job_id}: {job['status']}"
               + (" (cancel asked: it stops at its next step)" if job["cancel_requested"]
                  else ""))


@cli.group()
def mail() -> None:
    """E-mails: the outbox, sending it, a test message. The mail server is
    $MATCHMAKING_SMTP_URL (smtp://user:pass@host:587, smtps://user:pass@host:465,
    smtp://host:25; the sender from ?from= or $MATCHMAKING_MAIL_FROM), else the console's.

    \b
    Example:
      matchmaking mail outbox --status failed
      matchmaking mail send
      matchmaking mail test me@example.org
    """


@mail.command("outbox")
@click.option("--status", type=click.Choice(MAIL_STATUSES), help="Only messages in this state.")
@click.option("--kind", help="Only messages of this kind (request_new, reminder, ...).")
@click.option("--to", "to", help="Only messages to addresses containing this.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def mail_outbox(obj: _Context, status: str | None, kind: str | None, to: str | None,
                limit: int, fmt: str) -> None:
    """List the e-mails, latest first: status, recipient, kind, attempts, next attempt and
    the last error.

    \b
    Example:
      matchmaking mail outbox --status queued --to example.org
    """
    import json

    from matchmaking.services import mail as mail_service

    with obj.database() as db:
        mail_service.take_changes(db)
        rows = mail_service.outbox_rows(db, status=status, kind=kind, to=to, limit=limit)
    shown = [{"id": r["id"], "status": r["status"], "to": r["to_address"], "kind": r["kind"],
              "attempts": r["attempts"], "next_attempt": r["next_attempt_at"],
              "sent": r["sent_at"], "error": r["last_error"], "message_id": r["message_id"]}
             for r in rows]
    if fmt == "json":
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    click.echo(_table(shown, ["id", "status", "to", "kind", "attempts", "next_attempt",
                              "sent", "error"]))


@mail.command("send")
@click.option("--limit", type=click.IntRange(min=1), help="Send at most this many.")
@click.pass_obj
def mail_send(obj: _Context, limit: int | None) -> None:
    """Send the e-mails that are due, once, and say what became of them (sent, failed,
    deferred to a later attempt, skipped). The app's server does this every few seconds.

    \b
    Example:
      matchmaking mail send
    """
    from matchmaking.services import mail as mail_service

    report = mail_service.send_due(obj.db_path, limit=limit)
    click.echo(report.summary())
    if report.errors and not report.sent:
        raise click.ClickException(report.errors[0])


@mail.command("test")
@click.argument("address")
@click.pass_obj
def mail_test(obj: _Context, address: str) -> None:
    """Send a test message to ADDRESS now through the mail server, and say what went wrong
    if it did not go.

    \b
    Example:
      matchmaking mail test organisers@example.org
    """
    from matchmaking.services import mail as mail_service

    with obj.database() as db:
        try:
            message = mail_service.send_test(db, address)
        except mail_service.MailError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"sent to {address} ({message['Message-ID']})")


@mail.command("invite")
@click.argument("emails", nargs=-1)
@click.pass_obj
def mail_invite(obj: _Context, emails: tuple[str, ...]) -> None:
    """Queue the invitation e-mail (personal link and its QR code) for every active
    participant, or those given; each participant's link version is e-mailed once.

    \b
    Example:
      matchmaking mail invite
      matchmaking mail invite amina.benali@example.org
    """
    from matchmaking.services import mail as mail_service

    with obj.database() as db:
        count = mail_service.queue_invitations(db, list(emails) or None)
    click.echo(f"{count} invitations queued (`matchmaking mail send` sends them)")


@cli.command("organiser-code")
@click.option("--rotate", is_flag=True, help="Make a new code (the old one stops working).")
@click.pass_obj
def organiser_code(obj: _Context, rotate: bool) -> None:
    """Make the console's organiser code for this database, and show it once.

    The code is random per database and kept beside it as a hash only: it is shown when it
    is made (here, or at the app's first start) and never again; --rotate makes a new one.
    $MATCHMAKING_ORGANISER_CODE, when set, is used instead.

    \b
    Example:
      matchmaking organiser-code --rotate
    """
    import os

    from matchmaking.domain.access import ORGANISER_CODE_ENV_VAR, organiser_code_path

    if os.environ.get(ORGANISER_CODE_ENV_VAR) and not rotate:
        click.echo(f"The organiser code is set by ${ORGANISER_CODE_ENV_VAR}.")
        return
    code = services.rotate_organiser_code(obj.db_path) if rotate else \
        services.ensure_organiser_code(obj.db_path)
    if code:
        click.echo(f"Organiser code: {code}\n(shown once: note it down; "
                   "`matchmaking organiser-code --rotate` makes a new one)")
    else:
        click.echo(f"The organiser code was made earlier ({organiser_code_path(obj.db_path)} "
                   "keeps its hash); `matchmaking organiser-code --rotate` makes a new one.")


_USER_ERRORS = (services.StorageError, InvalidEvent, ValueError, OSError, services.DatabaseError,
                RuntimeError)


def _db_option_first(argv: list[str]) -> list[str]:
    """``--db FILE`` is the group's option, but people write it after the command too
    (``matchmaking init --demo --db x.db``): move it to the front."""
    out, found = [], []
    i = 0
    while i < len(argv):
        if argv[i] == "--db" and i + 1 < len(argv):
            found, i = ["--db", argv[i + 1]], i + 2
        elif argv[i].startswith("--db="):
            found, i = [argv[i]], i + 1
        else:
            out.append(argv[i])
            i += 1
    return found + out


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn errors into one clear line and an exit code."""
    argv = _db_option_first(list(sys.argv[1:] if argv is None else argv))
    try:
        cli.main(args=argv, prog_name="matchmaking", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except InvalidRegistrations as error:
        count = len(error.problems)
        click.echo(f"Error: {count} problem{'s' * (count > 1)} found, nothing was imported:",
                   err=True)
        click.echo(problems_text(error.problems), err=True)
        return 1
    except _USER_ERRORS as error:
        if os.environ.get("MATCHMAKING_DEBUG"):
            raise
        click.echo(f"Error: {error}", err=True)
        return 1
    except Exception as error:  # a bug: still one line, with a way to see more
        if os.environ.get("MATCHMAKING_DEBUG"):
            raise
        click.echo(f"Error: unexpected {type(error).__name__}: {error} "
                   "(set MATCHMAKING_DEBUG=1 for details)", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
