"""Learning the component weights from what participants did.

Accepted and declined requests, "must meet" and "no thanks" marks, and post-meeting
ratings label pairs; a logistic regression on the pairs' components gives the weights
once there is enough evidence. Until then the shipped defaults (fitted on public data,
``data/matching_defaults.json``) stay in use. The fit is
deterministic for the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchmaking.matching.scoring import COMPONENTS, Weights, shipped_defaults

MIN_LABELLED_PAIRS = 30
MIN_PER_CLASS = 5


@dataclass(frozen=True)
class WeightsInUse:
    weights: Weights
    source: str  # "learned" or "default"
    labelled_pairs: int
    positives: int
    note: str

    def as_dict(self) -> dict:
        return {"source": self.source, "labelled_pairs": self.labelled_pairs,
                "positives": self.positives, "note": self.note,
                "weights": {k: round(v, 4) for k, v in self.weights.normalised().as_dict()
                            .items()}}


def learn_weights(features: np.ndarray, labels: np.ndarray,
                  default: Weights | None = None) -> WeightsInUse:
    """Weights from (n_pairs x len(COMPONENTS)) component values and 0/1 labels."""
    default = default or shipped_defaults().weights
    labels = np.asarray(labels, dtype=int)
    positives = int(labels.sum())
    negatives = int(len(labels) - positives)
    if len(labels) < MIN_LABELLED_PAIRS or min(positives, negatives) < MIN_PER_CLASS:
        return WeightsInUse(default, "default", len(labels), positives,
                            f"needs {MIN_LABELLED_PAIRS} labelled pairs with at least "
                            f"{MIN_PER_CLASS} of each outcome; has {len(labels)} "
                            f"({positives} positive)")
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=1000).fit(features, labels)
    coefficients = np.clip(model.coef_[0], 0.0, None)  # a better fit never counts against
    if coefficients.sum() <= 0:
        return WeightsInUse(default, "default", len(labels), positives,
                            "the feedback shows no component predicting a good meeting")
    learned = Weights(**dict(zip(COMPONENTS, (float(c) for c in coefficients)))).normalised()
    return WeightsInUse(learned, "learned", len(labels), positives,
                        "logistic regression on the labelled pairs' components")
