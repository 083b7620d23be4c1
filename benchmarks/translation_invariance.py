"""Do recommendations follow what a profile says, or the language it is written in?

For every translation in ``tests/fixtures/translations/*.csv`` (each demo profile in the
other of French and English; the Arabic and Spanish ones in both; 36 of them in Arabic),
the demo event is scored twice: once as registered, once with that one profile's three
texts replaced by their translation (everything else unchanged). The figure is the overlap
of the profile's top 10 in both runs (|A ∩ B| / 10), averaged over translations, per
direction and overall; a language-neutral matcher keeps it near 1.

Only long-standing public functions are used (``services.init_database``,
``participant_storage.update_profile``, ``matching.refresh_embeddings`` and
``match_event``), so the same script measures an older checkout too::

    .venv/bin/python benchmarks/translation_invariance.py
    PYTHONPATH=/path/to/old/checkout .venv/bin/python benchmarks/translation_invariance.py

Writes ``benchmarks/results/translation_invariance[-LABEL].json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "tests" / "fixtures" / "translations"
FIELDS = ("about", "looking_for", "offering")
TOP = 10


def read_translations(folder: Path = TRANSLATIONS) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def source_language(profile: dict[str, Any]) -> str:
    """The language a demo profile is written in (for reporting directions only)."""
    import re

    text = " ".join(str(profile.get(f) or "") for f in FIELDS)
    if len(re.findall(r"[\u0600-\u06ff]", text)) > 20:
        return "ar"
    counts = {lang: len(re.findall(pattern, text.lower())) for lang, pattern in {
        "fr": r"\b(le|la|les|des|et|pour|nous|une|du|de|à)\b",
        "en": r"\b(the|and|for|we|our|with|of|to)\b",
        "es": r"\b(el|los|las|para|con|y|una)\b"}.items()}
    return max(counts, key=counts.get)


def map_language_separation(db: Any, model: str, people: dict[str, dict[str, Any]]
                            ) -> dict[str, float]:
    """Does the console's profile map (2-D PCA of the profile vectors) split by language?
    The share of profiles whose 5 nearest neighbours on the map are mostly of their own
    language, against the same share expected by chance (the languages' shares)."""
    import numpy as np

    from matchmaking.domain import analytics
    from matchmaking.services.console import profile_vectors

    coords = analytics.profile_map(profile_vectors(db, model))
    by_id = {p["id"]: source_language(p) for p in people.values()}
    ids = [i for i in coords if by_id.get(i) in ("en", "fr")]
    points = np.array([coords[i] for i in ids])
    labels = np.array([by_id[i] for i in ids])
    distance = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(distance, np.inf)
    near = np.argsort(distance, axis=1)[:, :5]
    own = (labels[near] == labels[:, None]).mean(axis=1)
    shares = {lang: float((labels == lang).mean()) for lang in set(labels)}
    chance = float(sum(v * v for v in shares.values()))
    return {"neighbours_same_language": float(own.mean()), "chance": chance}


def top_ids(db: Any, model: str, participant_id: int) -> list[int]:
    from matchmaking.services import matching

    result = matching.match_event(db, model, top_k=TOP).result
    return [c.other for c in result.candidates(participant_id)[:TOP]]


def measure(encoder: Any, translations: Sequence[dict[str, str]], workdir: Path,
            progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Top-10 overlap between each profile and its translation (see the module docstring)."""
    from matchmaking import storage
    from matchmaking.services import event as services
    from matchmaking.services import matching
    from matchmaking.storage.participants import update_profile

    template = workdir / "template.db"
    services.init_database(template, demo=True)
    db = storage.open_database(template)
    matching.refresh_embeddings(db, encoder)
    people = {p["email"]: p for p in storage.list_participants(db, include_inactive=True)}
    language_map = map_language_separation(db, encoder.name, people)
    original = matching.match_event(db, encoder.name, top_k=TOP).result
    before = {p["id"]: [c.other for c in original.candidates(p["id"])[:TOP]]
              for p in people.values()}
    db.close()

    per_row: list[dict[str, Any]] = []
    started = time.perf_counter()
    for n, row in enumerate(translations, 1):
        person = people.get(row["email"].strip().lower())
        if person is None:
            raise SystemExit(f"translation for unknown participant {row['email']!r}")
        copy = workdir / "variant.db"
        shutil.copy(template, copy)
        for suffix in ("-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        variant = storage.open_database(copy)
        try:
            update_profile(variant, person["id"], {f: row[f] for f in FIELDS})
            matching.refresh_embeddings(variant, encoder)
            after = top_ids(variant, encoder.name, person["id"])
        finally:
            variant.close()
        first = before[person["id"]]
        overlap = len(set(first) & set(after)) / max(1, min(TOP, len(first)))
        per_row.append({"email": person["email"], "organisation": person["organisation"],
                        "from": source_language(person), "to": row["lang"],
                        "overlap": overlap})
        if n % 20 == 0:
            rate = n / (time.perf_counter() - started)
            progress(f"{n}/{len(translations)} translations ({rate:.1f}/s)")
    directions: dict[str, list[float]] = defaultdict(list)
    for r in per_row:
        directions[f"{r['from']}→{r['to']}"].append(r["overlap"])
    mean = sum(r["overlap"] for r in per_row) / len(per_row)
    return {"mean_overlap": mean, "translations": len(per_row), "profile_map": language_map,
            "by_direction": {k: {"n": len(v), "mean_overlap": sum(v) / len(v)}
                             for k, v in sorted(directions.items())},
            "rows": per_row}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", default="", help="suffix of the result file (e.g. 'before')")
    parser.add_argument("--limit", type=int, default=0, help="only the first N translations")
    args = parser.parse_args(argv)
    import matchmaking
    from matchmaking.matching.embedding import SentenceTransformerEncoder

    encoder = SentenceTransformerEncoder()
    rows = read_translations()
    if args.limit:
        rows = rows[: args.limit]
    log = lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True)  # noqa: E731
    log(f"code from {Path(matchmaking.__file__).parent}; {len(rows)} translations")
    with tempfile.TemporaryDirectory() as tmp:
        report = measure(encoder, rows, Path(tmp), log)
    report["code"] = str(Path(matchmaking.__file__).parent)
    out = REPO / "benchmarks" / "results" / \
        f"translation_invariance{'-' + args.label if args.label else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print("| direction | translations | mean top-10 overlap |")
    print("| --- | --- | --- |")
    for direction, v in report["by_direction"].items():
        print(f"| {direction} | {v['n']} | {v['mean_overlap']:.3f} |")
    print(f"| all | {report['translations']} | {report['mean_overlap']:.3f} |")
    m = report["profile_map"]
    print(f"\nprofile map: {m['neighbours_same_language']:.3f} of a French or English "
          f"profile's 5 nearest neighbours share its language (chance {m['chance']:.3f})")


if __name__ == "__main__":
    main()
