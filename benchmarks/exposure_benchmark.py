"""Are recommendations spread within what people can take? The demo event, real model.

Each participant's top 10 is scored twice in the same run: ranked by two-way score alone
(``exposure_multiple=None``, the baseline) and as the product ranks it (score less each
counterpart's congestion price, ``exposure_multiple=2``). Per kind of recommended
participant: the Gini coefficient of the times each one appears in others' top 10, and the
largest ratio of those times to its meeting capacity (its own maximum, else the event's
default of 10).

    .venv/bin/python benchmarks/exposure_benchmark.py
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def gini(values: np.ndarray) -> float:
    x = np.sort(values.astype(np.float64))
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum())) if x.sum() else 0.0


def main() -> None:
    from matchmaking import storage
    from matchmaking.matching import scoring
    from matchmaking.matching.embedding import SentenceTransformerEncoder
    from matchmaking.services import event as services
    from matchmaking.services import matching

    encoder = SentenceTransformerEncoder()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.db"
        services.init_database(path, demo=True)
        db = storage.open_database(path)
        matching.refresh_embeddings(db, encoder)
        event = matching.match_event(db, encoder.name, top_k=10)
        db.close()
    capacity = scoring.capacities(event.features, event.settings)
    unpriced = scoring.score_all(event.features, weights=event.weights.weights,
                                 settings=replace(event.settings, exposure_multiple=None),
                                 top_k=10)
    print("| recommended kind | ranking | exposure Gini | max top-10 appearances / capacity |")
    print("| --- | --- | --- | --- |")
    for kind in ("investor", "partner", "startup"):
        mask = event.features.kinds == kind
        for label, result in (("score alone (baseline)", unpriced),
                              ("capacity-aware (product)", event.result)):
            top = result.top_index[:, :10]
            exposure = np.bincount(top[top >= 0], minlength=len(result.ids))[mask]
            ratio = (exposure / capacity[mask]).max()
            print(f"| {kind} | {label} | {gini(exposure):.3f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
