"""The ``matchmaking`` command: thin commands over ``services``.

Each command's docstring is its ``--help``. Library errors become one clear line on
stderr and a non-zero exit, never a traceback (set MATCHMAKING_DEBUG=1 to see one).
Nothing imported here loads torch: only commands that embed import the model.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__, services, storage
from .event import InvalidEvent
from .importing import DEFAULT_MAX_BYTES, InvalidRegistrations, problems_text
from .paths import DB_ENV_VAR, database_path

FORMATS = click.Choice(["table", "json"])


class _Context:
    def __init__(self, db_path: Path):
        self.db_path = db_path

    @contextmanager
    def database(self, create: bool = False) -> Iterator[Any]:
        db = storage.open_database(self.db_path, create=create)
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


@cli.command()
@click.option("--demo", is_flag=True, help="Load the bundled Casablanca demo event.")
@click.option("--event", "event_file", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path),
              help="Set up the event (days, slots, tables) from a JSON description.")
@click.pass_obj
def init(obj: _Context, demo: bool, event_file: Path | None) -> None:
    """Create or upgrade the event database.

    \b
    Example:
      matchmaking --db event.db init --demo
    """
    summary = services.init_database(obj.db_path, demo=demo, event_file=event_file,
                                     actor="cli")
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
@click.option("--kind", type=click.Choice(["startup", "investor", "partner"]))
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
        rows = storage.list_participants(db, kind=kind, sector=sector, search=search)
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
        target = storage.backup(db, file)
    click.echo(f"backed up to {target}")


def _encoder(model: str | None):
    from .embedding import SentenceTransformerEncoder

    return SentenceTransformerEncoder(model)


def _refresh(db: Any, model: str | None, quiet: bool = False) -> str:
    """Bring the embedding cache up to date, with a progress bar when the model runs."""
    from tqdm import tqdm

    from .matching import refresh_embeddings

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

    from .matching import match_event, recommendations_for

    if bool(email) == everyone:
        raise click.UsageError("give either --participant EMAIL or --all")
    if everyone and fmt != "json":
        raise click.UsageError("--all writes one JSON object per participant: add --format json")
    with obj.database() as db:
        person = storage.get_participant(db, email) if email else None
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

    from .embedding import configured_model
    from .matching import match_event

    with obj.database() as db:
        in_use = match_event(db, configured_model(model), top_k=1).weights
    if fmt == "json":
        click.echo(json.dumps(in_use.as_dict(), indent=2))
        return
    info = in_use.as_dict()
    click.echo(f"weights in use: {info['source']} ({info['note']})")
    click.echo(_table([{"component": k, "weight": f"{v:.3f}"} for k, v in
                       info["weights"].items()], ["component", "weight"]))


_USER_ERRORS = (storage.StorageError, InvalidEvent, ValueError, OSError, sqlite3.Error,
                RuntimeError)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn errors into one clear line and an exit code."""
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
