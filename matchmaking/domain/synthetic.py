"""Seeded synthetic registrations, for benchmarks and load tests (never for the demo,
which is hand-written in ``data/demo``)."""

from __future__ import annotations

import random
from typing import Any

from matchmaking.domain.taxonomy import STAGES, default_taxonomy

_WORDS = ("smart water meters", "route optimisation for buses", "waste sorting robots",
          "solar micro-grids", "open budget portal", "telemedicine kiosks", "air quality sensors",
          "parking availability", "digital twin of the port", "mobile money for markets",
          "e-learning for technicians", "leak detection", "citizen reporting app",
          "building energy audits", "cold chain for fresh food", "flood early warning")


def registrations(count: int, seed: int = 0, investor_share: float = 0.25,
                  partner_share: float = 0.1) -> list[dict[str, Any]]:
    """``count`` plausible registration rows with the canonical columns."""
    rng = random.Random(seed)
    sectors = [s.code for s in default_taxonomy().sectors.values() if not s.is_axis]
    rows = []
    for i in range(count):
        draw = rng.random()
        kind = "investor" if draw < investor_share else (
            "partner" if draw < investor_share + partner_share else "startup")
        topic, other = rng.sample(_WORDS, 2)
        low = rng.choice([50, 100, 200, 500, 1000]) * 1000
        rows.append({
            "kind": kind,
            "organisation": f"{kind.title()} {i:05d}",
            "email": f"contact{i:05d}@example.org",
            "contact_name": f"Contact {i}",
            "phone": f"+212 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                     f"{rng.randint(10, 99)}",
            "country": rng.choice(["Maroc", "Morocco", "Sénégal", "France", "Tunisie", "Egypt"]),
            "city": rng.choice(["Casablanca", "Rabat", "Tanger", "Dakar", "Paris"]),
            "languages": ";".join(rng.sample(["fr", "en", "ar", "es"], rng.randint(1, 3))),
            "sectors": ";".join(rng.sample(sectors, rng.randint(1, 3))),
            "stages": rng.choice(STAGES) if kind == "startup" else ";".join(
                rng.sample(STAGES, 2)),
            "ticket_min": low,
            "ticket_max": low * rng.choice([2, 3, 5]),
            "about": f"We build {topic} for African cities, with pilots in {rng.randint(1, 9)} "
                     f"municipalities.",
            "looking_for": f"Partners and investors interested in {other}.",
            "offering": f"Data, pilots and expertise in {topic}.",
            "website": f"https://org{i:05d}.example.org",
            "booth": f"V-{i:05d}" if kind == "startup" else "",
            "max_meetings": rng.choice(["", 8, 12]),
        })
    return rows
