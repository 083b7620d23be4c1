"""The sector taxonomy (five thematic axes, sectors under them) and the funding stages.

The taxonomy is a data file (``data/taxonomy.csv``) with English and French labels, so
organisers can extend it without touching code. Sectors outside it are kept as free tags.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from matchmaking.domain.paths import TAXONOMY_FILE
from matchmaking.domain.text import fold

# Ordered from earliest to latest: the order is used for "stage fit" distances.
STAGES: tuple[str, ...] = ("idea", "pre-seed", "seed", "series-a", "series-b+", "growth")

_STAGE_ALIASES: dict[str, str] = {
    "idea": "idea", "idee": "idea", "ideation": "idea", "concept": "idea", "prototype": "idea",
    "pre seed": "pre-seed", "preseed": "pre-seed", "pre amorcage": "pre-seed",
    "preamorcage": "pre-seed", "friends and family": "pre-seed", "love money": "pre-seed",
    "seed": "seed", "amorcage": "seed", "semilla": "seed", "angel": "seed",
    "series a": "series-a", "serie a": "series-a", "a": "series-a", "round a": "series-a",
    "series b": "series-b+", "serie b": "series-b+", "series c": "series-b+",
    "serie c": "series-b+", "series b+": "series-b+", "series b +": "series-b+",
    "serie b+": "series-b+", "b+": "series-b+", "series d": "series-b+",
    "growth": "growth", "croissance": "growth", "scale up": "growth", "scaleup": "growth",
    "late stage": "growth", "pre ipo": "growth", "expansion": "growth",
}

STAGE_LABELS: dict[str, dict[str, str]] = {
    "idea": {"en": "Idea", "fr": "Idée", "ar": "فكرة"},
    "pre-seed": {"en": "Pre-seed", "fr": "Pré-amorçage", "ar": "ما قبل التمويل الأولي"},
    "seed": {"en": "Seed", "fr": "Amorçage", "ar": "التمويل الأولي"},
    "series-a": {"en": "Series A", "fr": "Série A", "ar": "الجولة A"},
    "series-b+": {"en": "Series B and later", "fr": "Série B et au-delà",
                  "ar": "الجولة B وما بعدها"},
    "growth": {"en": "Growth", "fr": "Croissance", "ar": "النمو"},
}


# the product's own labels, as a form built from them offers them ("Série B et au-delà")
_STAGE_ALIASES.update({fold(label): code for code, labels in STAGE_LABELS.items()
                       for label in labels.values()})


def normalise_stage(value: str) -> str | None:
    """The canonical stage for a spelling (``"Série A"`` → ``"series-a"``), or None if unknown."""
    key = fold(value)
    if key in STAGES:
        return key
    return _STAGE_ALIASES.get(key) or _STAGE_ALIASES.get(key.replace(" ", ""))


@dataclass(frozen=True)
class Sector:
    code: str
    axes: tuple[str, ...]  # empty for an axis itself
    label_en: str
    label_fr: str
    aliases: tuple[str, ...] = ()
    label_ar: str = ""

    @property
    def is_axis(self) -> bool:
        return not self.axes

    def label(self, lang: str = "en") -> str:
        if lang == "ar" and self.label_ar:
            return self.label_ar
        return self.label_fr if lang == "fr" else self.label_en


@dataclass(frozen=True)
class Taxonomy:
    sectors: dict[str, Sector]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_csv(cls, path: Path) -> Taxonomy:
        sectors: dict[str, Sector] = {}
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                code = row["code"].strip()
                if not code or code in sectors:
                    raise ValueError(f"{path}:{line}: empty or repeated sector code {code!r}")
                sectors[code] = Sector(
                    code=code,
                    axes=tuple(a for a in row["axes"].split("|") if a),
                    label_en=row["label_en"].strip(),
                    label_fr=row["label_fr"].strip(),
                    aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                    label_ar=(row.get("label_ar") or "").strip(),
                )
        for sector in sectors.values():
            unknown = [a for a in sector.axes if a not in sectors or not sectors[a].is_axis]
            if unknown:
                raise ValueError(f"{path}: sector {sector.code!r} names unknown axes {unknown}")
        lookup: dict[str, str] = {}
        for sector in sectors.values():
            for name in (sector.code, sector.label_en, sector.label_fr, sector.label_ar,
                         *sector.aliases):
                if not name:
                    continue
                lookup.setdefault(fold(name), sector.code)
        return cls(sectors=sectors, _lookup=lookup)

    @property
    def axes(self) -> list[Sector]:
        return [s for s in self.sectors.values() if s.is_axis]

    def normalise(self, value: str) -> tuple[str, bool]:
        """``(code, True)`` for a known sector or axis (by code, label or alias), else
        ``(cleaned free tag, False)``: unknown sectors are kept, never refused."""
        key = fold(value)
        code = self._lookup.get(key)
        if code:
            return code, True
        return key.replace(" ", "-"), False

    def axes_of(self, code: str) -> tuple[str, ...]:
        """The thematic axes a sector belongs to (an axis belongs to itself)."""
        sector = self.sectors.get(code)
        if sector is None:
            return ()
        return (code,) if sector.is_axis else sector.axes

    def label(self, code: str, lang: str = "en") -> str:
        sector = self.sectors.get(code)
        return sector.label(lang) if sector else code


@cache
def default_taxonomy() -> Taxonomy:
    return Taxonomy.from_csv(TAXONOMY_FILE)
