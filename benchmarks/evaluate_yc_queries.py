"""Cross-language retrieval and same-sector retrieval on real start-up texts (YC directory).

Data: ``yc_companies_text`` (research use only; read from ``--data`` at run time, never
copied into the repository). Every company with a description and a sub-industry is
registered as a start-up through the product's import (the README's format: organisation,
e-mail, ``about`` = its description); every query of ``benchmarks/yc_queries.csv`` (our
own "what we look for" texts, one per sub-industry, each in English, French and Arabic:
the same thesis, translated) is registered as an investor whose ``looking_for`` is the
query. The event is embedded and scored by the product (``matching.refresh_embeddings``,
``match_event``), and each query's top 10 is what ``matchmaking recommend`` prints
(``matching.recommendations_for``).

* **Cross-language**: P@10 = share of a query's top 10 in its sub-industry, per language;
  the figures that matter are the FR / EN and AR / EN ratios.
* **Same-sector retrieval through the scorer**: each company's description used as its
  own "looking for"; the others ranked by the product's forward direction score
  (``scoring.components`` + ``direction_scores`` with the shipped weights), the protocol
  of the data set's README (sub-industry P@10 over the pool, ± standard error), beside the
  bare MiniLM cosine of the same field vectors.

The event database is kept in ``benchmarks/results/yc_event.db`` so that reruns embed only
what changed. Run::

    .venv/bin/python benchmarks/evaluate_yc_queries.py
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_common import DEFAULT_DATASETS, RESULTS_DIR, import_into, log  # noqa: E402

DATASET = "yc_companies_text"
QUERIES = Path(__file__).resolve().parent / "yc_queries.csv"
COLUMNS = ("kind", "organisation", "email", "about", "looking_for", "consent")


def company_rows(data_dir: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    path = data_dir / DATASET / "companies.csv"
    if not path.is_file():
        raise SystemExit(f"no {DATASET} under {data_dir} (use --data)")
    rows, labels = [], {}
    with path.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if not r["description"].strip() or not r["subindustry"]:
                continue
            email = f"yc-{r['id']}@companies.example.org"
            rows.append({"kind": "startup", "organisation": r["name"].strip() or r["slug"],
                         "email": email, "about": r["description"], "looking_for": "",
                         "consent": "yes"})
            labels[email] = r["subindustry"]
    return rows, labels


def query_rows(path: Path = QUERIES) -> tuple[list[dict[str, str]], dict[str, tuple[str, str]]]:
    rows, meta = [], {}
    with path.open(encoding="utf-8", newline="") as handle:
        for n, r in enumerate(csv.DictReader(handle)):
            slug = re.sub(r"[^a-z0-9]+", "-", r["subindustry"].lower()).strip("-")
            email = f"q{n}-{slug}-{r['lang']}@queries.example.org"
            rows.append({"kind": "investor", "organisation": f"Query {n} ({r['lang']})",
                         "email": email, "about": "", "looking_for": r["looking_for"],
                         "consent": "yes"})
            meta[email] = (r["subindustry"], r["lang"])
    return rows, meta


def build_event(db_path: Path, rows: Sequence[dict[str, str]]) -> None:
    """The event database with exactly these registrations (re-imports update by e-mail)."""
    from matchmaking import storage
    from matchmaking.services import event as services

    if not db_path.exists():
        services.init_database(db_path, event_file=services.DEMO_EVENT)
    db = storage.open_database(db_path)
    try:
        import_into(db, rows, COLUMNS, "yc.csv")
    finally:
        db.close()


def knn_precision(similarity: np.ndarray, same: np.ndarray, k: int = 10) -> np.ndarray:
    scores = similarity.astype(np.float64) + \
        np.random.default_rng(0).random(len(similarity))[None, :] * 1e-9
    np.fill_diagonal(scores, -np.inf)
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    return np.take_along_axis(same, top, axis=1).mean(axis=1)


def same_sector(matching: Any, labels: dict[str, str]) -> dict[str, Any]:
    """Sub-industry P@10 of company-to-company retrieval: the product's forward score with
    each description as its own "looking for", beside the bare embedding cosine."""
    from dataclasses import replace

    from matchmaking.matching.scoring import components, direction_scores

    features = matching.features
    rows = np.array([i for i, p in enumerate(matching.profiles) if p["email"] in labels])
    names = [labels[matching.profiles[i]["email"]] for i in rows]
    codes = {n: c for c, n in enumerate(sorted(set(names)))}
    ids = np.array([codes[n] for n in names])
    same = ids[:, None] == ids[None, :]
    # The description stands for what the company looks for: same vectors, same terms.
    as_query = replace(features, looking_for=features.offer,
                       lexical_looking_for=features.lexical_offer)
    out: dict[str, Any] = {"pool": len(rows)}
    rankers = {"bare MiniLM cosine of the field vectors":
               features.offer[rows] @ features.offer[rows].T}
    parts = components(as_query, rows, rows, outer=True)
    rankers["project scorer (forward direction, shipped weights)"] = \
        direction_scores(parts, matching.weights.weights)[0]
    for name, similarity in rankers.items():
        per = knn_precision(similarity, same)
        out[name] = {"P@10": float(per.mean()),
                     "se": float(per.std(ddof=1) / np.sqrt(len(per)))}
    return out


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--db", type=Path, default=RESULTS_DIR / "yc_event.db")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "yc_queries.json")
    args = parser.parse_args(argv)

    from matchmaking import storage
    from matchmaking.matching.embedding import SentenceTransformerEncoder
    from matchmaking.services import matching

    started = time.perf_counter()
    companies, labels = company_rows(args.data)
    queries, meta = query_rows()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    build_event(args.db, companies + queries)
    encoder = SentenceTransformerEncoder()
    db = storage.open_database(args.db)
    try:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                log(f"embedding {done}/{total} sentences")

        report = matching.refresh_embeddings(db, encoder, progress)
        log(report.summary())
        scored = time.perf_counter()
        event = matching.match_event(db, encoder.name, top_k=10)
        log(f"scored the event in {time.perf_counter() - scored:.1f} s")
        by_email = {p["email"]: p for p in event.profiles}
        precision: dict[str, list[float]] = defaultdict(list)
        per_query = []
        for email, (subindustry, lang) in meta.items():
            top = matching.recommendations_for(event, by_email[email]["id"], top=10)
            hits = [labels.get(item["email"]) == subindustry for item in top]
            value = sum(hits) / 10
            precision[lang].append(value)
            per_query.append({"subindustry": subindustry, "lang": lang, "P@10": value})
        result = {"model": encoder.name, "queries": len(meta), "companies": len(labels),
                  "P@10": {lang: float(np.mean(v)) for lang, v in precision.items()},
                  "per_query": per_query, "same_sector": same_sector(event, labels),
                  "seconds": round(time.perf_counter() - started, 1)}
        en = result["P@10"].get("en") or float("nan")
        result["ratio_to_en"] = {lang: v / en for lang, v in result["P@10"].items()}
    finally:
        db.close()
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print("| queries | P@10 | ratio to English |\n| --- | --- | --- |")
    for lang in ("en", "fr", "ar"):
        if lang in result["P@10"]:
            print(f"| {lang} | {result['P@10'][lang]:.3f} | {result['ratio_to_en'][lang]:.2f}x |")
    print("\n| same-sector retrieval (company to company) | sub-industry P@10 |\n| --- | --- |")
    for name, v in result["same_sector"].items():
        if isinstance(v, dict):
            print(f"| {name} | {v['P@10']:.3f} ± {v['se']:.3f} |")
    return result


if __name__ == "__main__":
    main()
