"""Does the two-way scorer rank the companies an investor really funded next? (CrunchBase 2013)

Data: ``crunchbase2013_us_investments`` (CrunchBase export of October 2013, CC-BY / CC-BY-NC,
non-commercial evaluation only; read from ``--data`` at run time, never copied into the repo).
Its README defines the split, the metrics and the reference baselines reproduced here.

Protocol (strict)
-----------------
* **Dev period** (every choice is made here): investor profiles from investments dated
  before 2012-01-01, evaluated on 2012 investments. Queries: investors with >= 3 distinct
  companies before 2012 and >= 1 investment in 2012; candidates: every company with >= 1
  investment in 2012. Rows dated 2013 or later are not even loaded in this stage.
  Investors are split by a stable hash into a *fit* half and a *selection* half.
  Tuned on the fit half: the profile parameters below (a small grid, with the default
  weights) and the component weights, two ways: ``matchmaking.learning.learn_weights``
  (the app's logistic regression) on labelled pairs (each investor's 2012 companies = 1,
  ten random other candidates per positive = 0), and a coordinate-ascent search over
  ``scoring.Weights`` maximising the mean of R@10, R@50 and MRR over both protocols. Which
  weights to keep (default / learned / searched) is decided on the selection half, where
  every number is out-of-sample.
* **Candidate production changes** (dev period only): city/metro-level geography, the
  arithmetic instead of the harmonic mean of the two directions; each with default
  weights and with cross-fitted weights (searched on one half, applied to the other), with
  paired differences.
* **Held-out check** (``--final``, run once, everything frozen): profiles from all
  investments before 2013-01-01, evaluated on 2013 (the README's reference setting: 1,110
  investors, 2,371 candidates).
* Metrics (README): Recall@10, Recall@50 = share of the investor's evaluation-period
  companies in its top K, averaged over investors; MRR = mean reciprocal rank of the first
  hit. "all" keeps follow-ons; "new" removes the investor's pre-cutoff portfolio from its
  candidates and ground truth. Ties are broken by one fixed random order of the candidates.

How profiles are built (there is no free text in the source)
-------------------------------------------------------------
Every profile is a registration row with the app's canonical columns, written to an
in-memory CSV and read back with ``matchmaking.importing.parse_registrations`` (the app's
import: validation, normalisation of countries, sectors, stages, amounts). Then the app's
scoring code runs unchanged: sentence splitting and field vectors as in
``matching.match_event``, ``scoring.build_features``, ``scoring.components``,
``direction_scores`` and ``harmonic`` (a spot check confirms ``scoring.score_all`` returns
the same top 10), with ``MatchingSettings(interpreters=True)`` (no languages are known).

* A **company** (kind ``startup``): name; e-mail ``<company_id>@companies.crunchbase.example.org``;
  country United States; city; sectors = its CrunchBase category mapped onto the taxonomy
  where the meaning is plain (finance→fintech, health/medical→healthtech,
  education→edtech, security→cybersecurity, analytics→data-analytics, real_estate→proptech,
  transportation/automotive→mobility, travel/hospitality→tourism-culture,
  government→govtech, ecommerce, cleantech), otherwise kept as a free tag (software, web,
  biotech, ...). Texts: *about* "<name> is a <category> start-up based in <city>, <state>
  (<metro> area). Founded in <year>."; *offering* its last funding before the cutoff
  ("It raised a Series A round of $5M in 2011." or "It has no disclosed funding round
  yet."); *looking for* "Investors for a <stage> round in a <category> start-up based in
  <city>, <state> (<metro> area)."
  - ``strict`` mode (the main one): only facts known before the cutoff: stage = stage of
    its last pre-cutoff round (unknown if none), ticket = 1–3x that round's size.
  - ``ask`` mode (labelled as such): the start-up states the round it is raising, as it
    would at an event: stage and ticket of its first round in the evaluation period
    (round type and size only; never who invested). Also "It is raising a <stage> round of
    about $X." in *offering*.
* An **investor** (kind ``investor``), from its investments before the cutoff only: name;
  e-mail ``<slug>@<type>.crunchbase.example.org``; country = its own (when known) then
  United States (where all its companies are); sectors = the ``n_categories`` most frequent
  categories of its distinct portfolio companies (mapped as above); stages = the stages
  holding >= ``stage_share`` of its rounds (angel→pre-seed+seed, series-a→series-a,
  series-b/series-c+→series-b+, private-equity/post-ipo→growth, crowdfunding→seed,
  venture→by round size: < $1.6M seed, < $6M series-a, else series-b+; other→unknown);
  ticket = 10th–90th percentile of its rounds' sizes (round totals: the source has no
  investor share). Texts: *about* "<name> is <an investment firm | an angel investor | a
  company investing in start-ups> based in <city>, <state or country>. It has backed <m>
  start-ups since <year>, mostly <top categories> companies in the <top metros> areas.
  Its companies are mostly in <top ``n_cities`` cities>."; *offering* "It invests in
  <stages> rounds of $lo to $hi."; *looking for* "<Top ``n_categories`` categories>
  start-ups based in the <top ``n_regions`` metros> areas. Start-ups in <top cities>.
  <Stages> rounds of $lo to $hi." (the city sentences only when ``n_cities`` > 0).

Baselines: random (mean of 20 seeds), popularity (pre-cutoff investment count), and the
README's TF-IDF cosine (investor = concatenation of its distinct pre-cutoff companies'
texts; company text = category, or category + city/region/state tokens; vectorizer fitted
on all 17,727 companies).

Run from the repository root::

    .venv/bin/python benchmarks/evaluate_crunchbase.py            # dev period only
    .venv/bin/python benchmarks/evaluate_crunchbase.py --final    # dev, then the held-out check

Writes ``benchmarks/results/crunchbase.json`` (and caches sentence vectors in
``benchmarks/results/cache/``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_common import (DEFAULT_DATASETS, RESULTS_DIR, RankingTask, Timer,  # noqa: E402
                               VectorCache, default_encoder, log, markdown_table, paired_difference,
                               registration_csv, sentence_field_vectors, summarise, write_json)

DATASET = "crunchbase2013_us_investments"
DEV_CUTOFF, DEV_END = "2012-01-01", "2013-01-01"
TEST_CUTOFF = "2013-01-01"  # rows on or after this date are the held-out test split
MIN_PORTFOLIO = 3
PROTOCOLS = ("all", "new")
METRICS = ("R@10", "R@50", "MRR")
RANDOM_SEEDS = 20

# --- mapping CrunchBase fields onto registration columns ------------------------------------

CATEGORY_TO_SECTOR = {  # only where the taxonomy means the same thing
    "finance": "fintech", "health": "healthtech", "medical": "healthtech",
    "education": "edtech", "security": "cybersecurity", "analytics": "data-analytics",
    "real_estate": "proptech", "transportation": "mobility", "automotive": "mobility",
    "travel": "tourism-culture", "hospitality": "tourism-culture", "government": "govtech",
    "ecommerce": "ecommerce", "cleantech": "cleantech",
}
CATEGORY_LABELS = {
    "games_video": "games and video", "network_hosting": "network and hosting",
    "public_relations": "public relations", "real_estate": "real estate",
    "photo_video": "photo and video", "ecommerce": "e-commerce", "cleantech": "clean tech",
    "biotech": "biotech", "nanotech": "nanotech", "other": "", "local": "local services",
}
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
INVESTOR_TYPES = {"financial-organization": "an investment firm",
                  "person": "an angel investor",
                  "company": "a company investing in start-ups"}
STAGE_WORDS = {"idea": "idea-stage", "pre-seed": "pre-seed", "seed": "seed",
               "series-a": "Series A", "series-b+": "Series B or later", "growth": "growth"}
STAGE_ORDER = ("idea", "pre-seed", "seed", "series-a", "series-b+", "growth")
VENTURE_SEED_BELOW, VENTURE_A_BELOW = 1_600_000, 6_000_000  # geometric midpoints of medians


def round_stages(round_type: str, amount: float | None) -> tuple[str, ...]:
    """Stages a round of this type (and size) stands for; () when it says nothing."""
    if round_type == "angel":
        return ("pre-seed", "seed")
    if round_type == "crowdfunding":
        return ("seed",)
    if round_type == "series-a":
        return ("series-a",)
    if round_type in ("series-b", "series-c+"):
        return ("series-b+",)
    if round_type in ("private-equity", "post-ipo"):
        return ("growth",)
    if round_type == "venture" and amount:
        return ("seed",) if amount < VENTURE_SEED_BELOW else \
            ("series-a",) if amount < VENTURE_A_BELOW else ("series-b+",)
    return ()


def company_stage(round_type: str, amount: float | None) -> str | None:
    """A start-up gives one stage: the latest one its round stands for."""
    stages = round_stages(round_type, amount)
    return stages[-1] if stages else None


def category_label(code: str) -> str:
    if not code:
        return ""
    return CATEGORY_LABELS.get(code, code.replace("_", " "))


def category_sector(code: str) -> str:
    return CATEGORY_TO_SECTOR.get(code, code)


def money(amount: float | None) -> str:
    if not amount:
        return ""
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if amount >= size:
            value = amount / size
            text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
            return f"${text}{unit}"
    return f"${amount:.0f}"


def english_list(items: Sequence[str], conjunction: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


PLACEHOLDER_REGIONS = {"", "unknown", "tbd"}


def known_region(region: str) -> bool:
    return region.strip().lower() not in PLACEHOLDER_REGIONS


def article(phrase: str) -> str:
    return f"{'an' if phrase[:1].lower() in 'aeio' else 'a'} {phrase}"


def place(city: str, state: str, region: str, country: str = "") -> str:
    state_name = STATES.get(state, state) if (not country or country == "USA") else ""
    where = ", ".join(p for p in (city, state_name or (country if country != "USA" else ""))
                      if p)
    if known_region(region) and region != city:
        where = f"{where} ({region} area)" if where else f"the {region} area"
    return where


def synthetic_email(identifier: str, domain: str) -> str:
    local = re.sub(r"[^a-z0-9-]+", "-", identifier.lower()).strip("-")
    if not local or len(local) > 60:
        local = "x" + hashlib.sha1(identifier.encode()).hexdigest()[:16]
    return f"{local}@{domain}.crunchbase.example.org"


# --- data -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Investment:
    investor: str
    company: str
    round_type: str
    date: str
    amount: float | None


@dataclass
class Data:
    companies: dict[str, dict[str, str]]
    investors: dict[str, dict[str, str]]
    investments: list[Investment]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(data_dir: Path, *, include_test: bool) -> Data:
    """The data set; rows dated on or after the test cutoff only with ``include_test``."""
    folder = data_dir / DATASET
    if not (folder / "investments.csv").is_file():
        raise SystemExit(f"no {DATASET} under {data_dir} (use --data)")
    companies = {r["company_id"]: r for r in _read_csv(folder / "companies.csv")}
    investors = {r["investor_id"]: r for r in _read_csv(folder / "investors.csv")}
    investments = []
    for r in _read_csv(folder / "investments.csv"):
        if not r["funded_at"]:
            continue
        if r["funded_at"] >= TEST_CUTOFF and not include_test:
            continue
        amount = float(r["raised_amount_usd"]) if r["raised_amount_usd"] else None
        investments.append(Investment(r["investor_id"], r["company_id"], r["round_type"],
                                      r["funded_at"], amount))
    return Data(companies, investors, investments)


@dataclass
class Period:
    """Profiles from rows before ``cutoff``; ground truth from rows in [cutoff, end)."""

    name: str
    cutoff: str
    end: str | None
    queries: list[str]  # eligible investors active in the period
    candidates: list[str]  # companies with >= 1 investment in the period
    truth: list[list[int]]  # candidate columns each query invested in
    portfolio: list[list[int]]  # candidate columns already in each query's pre-cutoff portfolio
    before: list[Investment]
    during: list[Investment]

    def task(self, protocol: str, queries: Sequence[int] | None = None) -> RankingTask:
        keep = range(len(self.queries)) if queries is None else queries
        return RankingTask(truth=[self.truth[q] for q in keep],
                           n_candidates=len(self.candidates),
                           excluded=[self.portfolio[q] for q in keep] if protocol == "new"
                           else None)


def make_period(data: Data, name: str, cutoff: str, end: str | None) -> Period:
    before = [i for i in data.investments if i.date < cutoff]
    during = [i for i in data.investments if i.date >= cutoff and (end is None or i.date < end)]
    portfolio: dict[str, set[str]] = defaultdict(set)
    for i in before:
        portfolio[i.investor].add(i.company)
    eligible = {k for k, v in portfolio.items() if len(v) >= MIN_PORTFOLIO}
    candidates = sorted({i.company for i in during})
    column = {c: j for j, c in enumerate(candidates)}
    bought: dict[str, set[str]] = defaultdict(set)
    for i in during:
        if i.investor in eligible:
            bought[i.investor].add(i.company)
    queries = sorted(bought)
    return Period(
        name=name, cutoff=cutoff, end=end, queries=queries, candidates=candidates,
        truth=[sorted(column[c] for c in bought[q]) for q in queries],
        portfolio=[sorted(column[c] for c in portfolio[q] if c in column) for q in queries],
        before=before, during=during)


# Profile parameters tried on the fit half: (n_categories, n_regions, n_cities).
PROFILE_GRID = ((1, 1, 0), (5, 5, 0), (8, 8, 0), (5, 3, 0), (3, 5, 0), (3, 3, 3), (5, 5, 5),
                (8, 8, 8), (5, 5, 10), (5, 5, 20), (8, 8, 20))


def fold_of(investor: str) -> int:
    """0 = fit half, 1 = selection half (stable across runs and machines)."""
    return int(hashlib.sha256(investor.encode()).hexdigest(), 16) % 2


# --- registration rows ------------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileParams:
    n_categories: int = 3  # investor sectors and text: most frequent portfolio categories
    n_regions: int = 3  # investor text: most frequent portfolio metros
    n_cities: int = 0  # investor text: most frequent portfolio cities (0: none)
    stage_share: float = 0.25  # investor stages: those holding at least this share of rounds
    company_mode: str = "strict"  # "strict" (pre-cutoff facts) or "ask" (states its round)
    portfolio: bool = False  # investors list their pre-cutoff companies in "portfolio"


REGISTRATION_COLUMNS = ("kind", "organisation", "email", "country", "city", "sectors",
                        "stages", "ticket_min", "ticket_max", "about", "looking_for",
                        "offering", "portfolio")


def company_row(company: Mapping[str, str], history: Sequence[Investment],
                ask: Investment | None, params: ProfileParams, cutoff_year: int
                ) -> dict[str, Any]:
    """The registration of a company; ``history`` = its rounds before the cutoff (by date),
    ``ask`` = the round it is raising (``ask`` mode only)."""
    name = company["name"].strip() or company["company_id"]
    category = category_label(company["category_code"])
    where = place(company["city"], company["state_code"], company["region"])
    kind_phrase = article(f"{category} start-up") if category else "a start-up"
    about = f"{name} is {kind_phrase}" + (f" based in {where}." if where else ".")
    if company["founded_year"]:
        about += f" Founded in {company['founded_year']}."
    last = history[-1] if history else None
    if last is not None:
        last_stage = company_stage(last.round_type, last.amount)
        label = STAGE_WORDS[last_stage] + " " if last_stage else ""
        size = f" of {money(last.amount)}" if last.amount else ""
        offering = f"It raised {article(label + 'round')}{size} in {last.date[:4]}."
    else:
        offering = f"It has no disclosed funding round before {cutoff_year}."
    stage, low, high = None, None, None
    if params.company_mode == "ask" and ask is not None:
        stage = company_stage(ask.round_type, ask.amount)
        low = high = ask.amount
        size = f" of about {money(ask.amount)}" if ask.amount else ""
        what = f"{STAGE_WORDS[stage]} round" if stage else "round"
        offering += f" It is raising {article(what)}{size}."
    elif params.company_mode == "strict" and last is not None:
        stage = company_stage(last.round_type, last.amount)
        if last.amount:
            low, high = last.amount, 3 * last.amount
    round_words = article(f"{STAGE_WORDS[stage]} round") if stage else "funding"
    if params.company_mode == "ask" and ask is not None and ask.amount:
        round_words += f" of about {money(ask.amount)}"
    looking = f"Investors for {round_words} in {kind_phrase}" + \
        (f" based in {where}." if where else ".")
    return {
        "kind": "startup", "organisation": name,
        "email": synthetic_email(company["company_id"], "companies"),
        "country": "United States", "city": company["city"],
        "sectors": category_sector(company["category_code"]),
        "stages": stage or "", "ticket_min": _amount(low), "ticket_max": _amount(high),
        "about": about, "looking_for": looking, "offering": offering,
    }


def _amount(value: float | None) -> str:
    return "" if not value else str(int(round(value)))


def _top(counter: Counter, n: int) -> list[str]:
    return [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def investor_row(investor: Mapping[str, str], history: Sequence[Investment],
                 companies: Mapping[str, Mapping[str, str]], params: ProfileParams
                 ) -> dict[str, Any]:
    """The registration of an investor from its investments before the cutoff only."""
    identifier = investor["investor_id"]
    kind, _, slug = identifier.partition("/")
    name = investor["name"].strip() or slug
    distinct = sorted({i.company for i in history})
    categories = Counter(companies[c]["category_code"] for c in distinct
                         if c in companies and companies[c]["category_code"])
    regions = Counter(companies[c]["region"] for c in distinct
                      if c in companies and known_region(companies[c]["region"]))
    top_categories = _top(categories, params.n_categories)
    top_regions = _top(regions, params.n_regions)
    cities = Counter(companies[c]["city"] for c in distinct
                     if c in companies and companies[c]["city"])
    top_cities = _top(cities, params.n_cities) if params.n_cities else []
    stage_votes: Counter = Counter()
    for i in history:
        for s in round_stages(i.round_type, i.amount):
            stage_votes[s] += 1
    known_rounds = sum(1 for i in history if round_stages(i.round_type, i.amount))
    stages = [s for s in STAGE_ORDER if known_rounds and
              stage_votes[s] / known_rounds >= params.stage_share]
    amounts = sorted(i.amount for i in history if i.amount)
    low = high = None
    if amounts:
        low, high = (float(np.percentile(amounts, 10)), float(np.percentile(amounts, 90)))
    country = investor.get("country_code", "")
    where = place(investor["city"], investor["state_code"], investor["region"], country)
    if not where and country and country != "USA":
        from matchmaking.domain.countries import display_country, normalise_country
        where = display_country(normalise_country(country) or country)
    phrase = INVESTOR_TYPES.get(kind, "an investor")
    about = f"{name} is {phrase}" + (f" based in {where}." if where else ".")
    labels = [category_label(c) for c in top_categories]
    focus = f" mostly {english_list(labels)} companies" if labels else ""
    area = (f" in the {english_list(top_regions)} area{'s' * (len(top_regions) > 1)}"
            if top_regions else "")
    about += f" It has backed {len(distinct)} start-ups since {history[0].date[:4]},{focus}{area}."
    if top_cities:
        about += f" Its companies are mostly in {english_list(top_cities)}."
    stage_words = english_list([STAGE_WORDS[s] for s in stages])
    span = f" of {money(low)} to {money(high)}" if low and high and money(low) != money(high) \
        else (f" of about {money(low)}" if low else "")
    offering = f"It invests in {stage_words + ' ' if stage_words else ''}rounds{span}."
    subject = english_list(labels)
    looking = (f"{subject[:1].upper() + subject[1:]} start-ups" if subject else "Start-ups") + \
        (f" based in the {english_list(top_regions)} area{'s' * (len(top_regions) > 1)}."
         if top_regions else ".")
    if top_cities:
        looking += f" Start-ups in {english_list(top_cities, 'or')}."
    if stage_words or span:
        rounds = f"{stage_words} rounds{span}." if stage_words else f"Rounds{span}."
        looking += " " + rounds[:1].upper() + rounds[1:]
    portfolio = portfolio_text([c for c in distinct if c in companies], history, companies) \
        if params.portfolio else ""
    countries = [country] if country else []
    if "USA" not in countries:
        countries.append("United States")
    return {
        "kind": "investor", "organisation": name,
        "email": synthetic_email(slug or identifier, kind or "investor"),
        "country": ";".join(countries), "city": investor["city"],
        "sectors": ";".join(category_sector(c) for c in top_categories),
        "stages": ";".join(stages), "ticket_min": _amount(low), "ticket_max": _amount(high),
        "about": about, "looking_for": looking, "offering": offering, "portfolio": portfolio,
    }


def portfolio_text(backed: Sequence[str], history: Sequence[Investment],
                   companies: Mapping[str, Mapping[str, str]]) -> str:
    """An investor's portfolio, one company per line (alphabetical by id), as much of it as
    a cell of the import may hold: the most recently backed companies are the ones kept
    (an investor with hundreds lists its latest, as it would on a registration form)."""
    from matchmaking.domain.importing import MAX_CELL_CHARACTERS

    latest = {i.company: i.date for i in history}
    lines = {c: portfolio_entry(companies[c]) for c in backed}
    kept, size = set(), 0
    for c in sorted(backed, key=lambda c: (latest.get(c, ""), c), reverse=True):
        size += len(lines[c]) + 1
        if size > MAX_CELL_CHARACTERS + 1:
            break
        kept.add(c)
    return "\n".join(lines[c] for c in backed if c in kept)


def portfolio_entry(company: Mapping[str, str]) -> str:
    """One line of an investor's portfolio, as the README suggests: the organisation, what
    it does and where ("Animoto, a music start-up in New York, New York")."""
    name = company["name"].strip() or company["company_id"]
    category = category_label(company["category_code"])
    where = place(company["city"], company["state_code"], company["region"])
    return f"{name}, {article(category + ' start-up') if category else 'a start-up'}" + \
        (f" in {where}" if where else "")


def import_rows(rows: Sequence[Mapping[str, Any]], name: str) -> list[dict[str, Any]]:
    """Registration rows → CSV in memory → the app's import → participant dicts (ids from 1),
    shaped like ``storage.list_participants`` rows."""
    from matchmaking.domain.importing import parse_registrations

    registrations = parse_registrations(registration_csv(rows, REGISTRATION_COLUMNS), name)
    out = []
    for n, participant in enumerate(registrations.participants, start=1):
        record = participant.to_dict()
        record.update(id=n, active=True)
        out.append(record)
    return out


@dataclass
class Event:
    """One period's investors and candidate companies as the app would hold them."""

    profiles: list[dict[str, Any]]
    query_rows: np.ndarray  # feature rows of the period's queries (investors)
    candidate_rows: np.ndarray  # feature rows of the candidates (companies)


def registration_rows(data: Data, period: Period, params: ProfileParams
                      ) -> list[dict[str, Any]]:
    """The period's registrations: its investors (queries), then its companies."""
    history: dict[str, list[Investment]] = defaultdict(list)
    company_history: dict[str, list[Investment]] = defaultdict(list)
    for i in sorted(period.before, key=lambda i: (i.date, i.round_type)):
        history[i.investor].append(i)
        company_history[i.company].append(i)
    first_round: dict[str, Investment] = {}  # the round each company raises in the period
    for i in sorted(period.during, key=lambda i: (i.date, i.round_type)):
        first_round.setdefault(i.company, i)
    cutoff_year = int(period.cutoff[:4])
    rows = [investor_row(data.investors[q], history[q], data.companies, params)
            for q in period.queries]
    rows += [company_row(data.companies[c], _one_per_round(company_history[c]),
                         first_round.get(c), params, cutoff_year) for c in period.candidates]
    return rows


def build_event(data: Data, period: Period, params: ProfileParams) -> Event:
    profiles = import_rows(registration_rows(data, period, params),
                           f"crunchbase-{period.name}.csv")
    n = len(period.queries)
    return Event(profiles, np.arange(n), np.arange(n, n + len(period.candidates)))


def _one_per_round(rows: Sequence[Investment]) -> list[Investment]:
    """A company's rounds (one row per investor in the source) → one per (date, type)."""
    seen: dict[tuple[str, str], Investment] = {}
    for i in rows:
        seen.setdefault((i.date, i.round_type), i)
    return list(seen.values())


# --- scoring ----------------------------------------------------------------------------------

PROFILE_FIELDS = ("about", "looking_for", "offering")


@dataclass
class Scored:
    """The components of every (query, candidate) pair of an event, computed once."""

    features: Any
    parts: dict[str, np.ndarray]
    allowed: np.ndarray
    event: Any = None
    combine: str = "harmonic"  # how the two directions make the pair's score (app: harmonic)

    def scores(self, weights: Any) -> np.ndarray:
        from matchmaking.matching.scoring import direction_scores, direction_weights, harmonic

        forward, backward = direction_scores(self.parts, weights)
        if self.combine == "harmonic":  # as the app: each direction weighs by specificity
            weight_q, weight_c = direction_weights(self.features, self.event.query_rows,
                                                   self.event.candidate_rows, outer=True)
            both = harmonic(forward, backward, weight_q, weight_c)
        else:
            both = (forward + backward) / 2
        return np.where(self.allowed, both, -1.0)


def score_event(event: Event, cache: VectorCache, encoder: Any) -> Scored:
    from matchmaking.matching.scoring import build_features, components

    texts = {(p["id"], f): p[f] for p in event.profiles for f in PROFILE_FIELDS if p[f]}
    vectors, dimension = sentence_field_vectors(texts, cache, encoder)
    features = build_features(event.profiles, vectors, dimension)
    parts = components(features, event.query_rows, event.candidate_rows, outer=True)
    allowed = features.organisations[event.query_rows][:, None] != \
        features.organisations[event.candidate_rows][None, :]
    parts.pop("languages_ok")  # interpreters=True: no language filter
    return Scored(features, parts, allowed, event)


# --- candidate production changes, measured on the dev period only ---------------------------

def metro_geography(data: Data, period: Period, params: ProfileParams) -> np.ndarray:
    """A place component one level below countries: 1 when the company's metro is the
    investor's own or one of its ``n_regions`` most frequent portfolio metros, 0.2 when both
    are known and differ, 0.5 (neutral) when either is unknown."""
    portfolio: dict[str, set[str]] = defaultdict(set)
    for i in period.before:
        portfolio[i.investor].add(i.company)
    out = np.full((len(period.queries), len(period.candidates)), 0.5, np.float32)
    metro = np.array([data.companies[c]["region"] for c in period.candidates])
    known = np.array([known_region(m) for m in metro])
    for q, investor in enumerate(period.queries):
        regions = Counter(data.companies[c]["region"] for c in portfolio[investor]
                          if c in data.companies and known_region(data.companies[c]["region"]))
        places = set(_top(regions, params.n_regions))
        own = data.investors[investor]["region"]
        if known_region(own):
            places.add(own)
        if places:
            out[q, known] = np.where(np.isin(metro[known], list(places)), 1.0, 0.2)
    return out


def check_score_all(event: Event, scored: Scored, weights: Any, n: int = 50) -> float:
    """Share of the first ``n`` queries for which ``scoring.score_all`` (the app's
    whole-event scoring) returns the same 10 best scores as the matrix used here, for
    candidates that have those scores in the matrix."""
    from matchmaking.matching.scoring import MatchingSettings, score_all

    result = score_all(scored.features, weights=weights,
                       settings=MatchingSettings(interpreters=True), top_k=10)
    matrix = scored.scores(weights)
    column = {int(r): j for j, r in enumerate(event.candidate_rows)}
    agree = 0
    for q in range(min(n, len(event.query_rows))):
        row = matrix[q]
        k = min(10, len(row))
        picked = [int(i) for i in result.top_index[event.query_rows[q]] if i >= 0]
        returned = result.top_score[event.query_rows[q]][:len(picked)]
        # Same best scores, and score_all's picks have those scores in the matrix (ties
        # may be picked in another order).
        agree += (len(picked) == k and all(i in column for i in picked)
                  and np.allclose(np.sort(row)[::-1][:k], returned, atol=1e-5)
                  and np.allclose([row[column[i]] for i in picked], returned, atol=1e-5))
    return agree / min(n, len(event.query_rows))


# --- baselines --------------------------------------------------------------------------------

def company_tokens(company: Mapping[str, str], location: bool) -> str:
    text = company["category_code"]
    if location:
        text += " " + " ".join(company[k] for k in ("city", "region", "state_code"))
    return text


def tfidf_scores(data: Data, period: Period, *, location: bool) -> np.ndarray:
    """README baseline: cosine of TF-IDF vectors (fitted on every company's text) between the
    concatenated texts of an investor's distinct pre-cutoff companies and each candidate."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    ids = sorted(data.companies)
    vectorizer = TfidfVectorizer().fit([company_tokens(data.companies[c], location) for c in ids])
    portfolio: dict[str, set[str]] = defaultdict(set)
    for i in period.before:
        portfolio[i.investor].add(i.company)
    profiles = [" ".join(company_tokens(data.companies[c], location)
                         for c in sorted(portfolio[q]) if c in data.companies)
                for q in period.queries]
    queries = normalize(vectorizer.transform(profiles))
    candidates = normalize(vectorizer.transform(
        [company_tokens(data.companies[c], location) for c in period.candidates]))
    return (queries @ candidates.T).toarray()


def popularity_scores(period: Period) -> np.ndarray:
    counts = Counter(i.company for i in period.before)
    row = np.array([counts[c] for c in period.candidates], np.float64)
    return np.broadcast_to(row, (len(period.queries), len(row)))


def random_results(period: Period, queries: Sequence[int], protocol: str) -> dict[str, Any]:
    task = period.task(protocol, queries)
    runs = [task.per_query(np.random.default_rng(1000 + s).random(
        (len(queries), len(period.candidates)))) for s in range(RANDOM_SEEDS)]
    mean = {m: np.mean([r[m] for r in runs], axis=0) for m in runs[0]}
    return summarise(mean)


# --- tuning -------------------------------------------------------------------------------------

def objective(results: Mapping[str, Mapping[str, float]]) -> float:
    """What tuning maximises: the mean of R@10, R@50 and MRR over both protocols."""
    return float(np.mean([results[p][m] for p in PROTOCOLS for m in METRICS]))


def evaluate_matrix(period: Period, scores: np.ndarray, queries: Sequence[int]
                    ) -> dict[str, dict[str, float]]:
    return {p: period.task(p, queries).evaluate(scores[list(queries)]) for p in PROTOCOLS}


def search_weights(period: Period, scored: Scored, queries: Sequence[int], start: Any
                   ) -> tuple[Any, float, int]:
    """Coordinate ascent over ``scoring.Weights`` (each component over a grid of relative
    weights, others fixed; repeated while it improves) on the given queries only."""
    from matchmaking.matching.scoring import Weights

    grid = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
    tasks = {p: period.task(p, queries) for p in PROTOCOLS}
    rows = list(queries)

    def value(w: dict[str, float]) -> float:
        matrix = scored.scores(Weights(**w))[rows]
        return objective({p: tasks[p].evaluate(matrix) for p in PROTOCOLS})

    best = start.normalised().as_dict()
    best_value, trials = value(best), 1
    for _ in range(4):
        improved = False
        for name in best:
            for g in grid:
                trial = dict(best, **{name: g})
                if sum(trial.values()) <= 0 or math.isclose(trial[name], best[name]):
                    continue
                v = value(trial)
                trials += 1
                if v > best_value + 1e-6:
                    best, best_value, improved = trial, v, True
        if not improved:
            break
    return Weights(**best).normalised(), best_value, trials


def learned_weights(period: Period, scored: Scored, queries: Sequence[int], seed: int = 0
                    ) -> Any:
    """``matchmaking.learning.learn_weights`` (the app's learner) on labelled pairs of the
    given queries: their evaluation-period companies (1) and 10 random other candidates per
    positive (0)."""
    from matchmaking.matching.learning import learn_weights
    from matchmaking.matching.scoring import COMPONENTS, symmetric_components

    rng = np.random.default_rng(seed)
    pairs, labels = [], []
    for q in queries:
        positives = set(period.truth[q])
        for j in positives:
            pairs.append((q, j))
            labels.append(1)
        pool = np.setdiff1d(np.arange(len(period.candidates)), list(positives))
        for j in rng.choice(pool, size=min(len(pool), 10 * len(positives)), replace=False):
            pairs.append((q, int(j)))
            labels.append(0)
    a, b = (np.array(x) for x in zip(*pairs))
    values = symmetric_components({k: v[a, b] for k, v in scored.parts.items()})
    x = np.column_stack([values[c] for c in COMPONENTS])
    return learn_weights(x, np.array(labels))


# --- reporting ----------------------------------------------------------------------------------

def table(results: Mapping[str, Mapping[str, Mapping[str, float]]]) -> str:
    header = ["ranker"] + [f"{p} {m}" for p in PROTOCOLS for m in METRICS]
    rows = [[name] + [res[p][m] for p in PROTOCOLS for m in METRICS]
            for name, res in results.items()]
    return markdown_table(header, rows)


def counts(period: Period, queries: Sequence[int]) -> dict[str, Any]:
    return {p: {"investors": period.task(p, queries).n_queries,
                "pairs": period.task(p, queries).n_pairs} for p in PROTOCOLS} | \
        {"candidates": len(period.candidates)}


def weights_dict(weights: Any) -> dict[str, float]:
    return {k: round(v, 4) for k, v in weights.normalised().as_dict().items()}


# --- main --------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Profiles, protocol and baselines are described in the module docstring.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATASETS,
                        help=f"folder holding {DATASET}/ (default: ../shared/datasets next to the "
                             f"repository, i.e. {DEFAULT_DATASETS})")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "crunchbase.json")
    parser.add_argument("--final", action="store_true",
                        help="after the dev period, run the ONE held-out check on 2013 with "
                             "every choice frozen")
    parser.add_argument("--model", default=None,
                        help="embedding model (default: the app's, all-MiniLM-L6-v2)")
    args = parser.parse_args(argv)
    run(args)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from matchmaking.matching.scoring import Weights

    timer = Timer()
    encoder = default_encoder(args.model)
    cache = VectorCache(RESULTS_DIR / "cache" / f"sentences-{_safe(encoder.name)}.npz",
                        encoder.name)
    data = load(args.data, include_test=False)
    assert all(i.date < TEST_CUTOFF for i in data.investments)
    dev = make_period(data, "dev", DEV_CUTOFF, DEV_END)
    every = list(range(len(dev.queries)))
    fit = [q for q in every if fold_of(dev.queries[q]) == 0]
    select = [q for q in every if fold_of(dev.queries[q]) == 1]
    log(f"dev: {len(dev.queries)} investors ({len(fit)} fit / {len(select)} selection), "
        f"{len(dev.candidates)} candidates")
    report: dict[str, Any] = {
        "dataset": DATASET, "model": encoder.name, "min_portfolio": MIN_PORTFOLIO,
        "metrics": "Recall@K averaged over investors; MRR = mean reciprocal rank of the "
                   "first hit; ties broken by one fixed random order of the candidates",
        "objective": "mean of R@10, R@50, MRR over the all and new protocols",
        "dev": {"cutoff": DEV_CUTOFF, "end": DEV_END, "counts": counts(dev, every),
                "fit_counts": counts(dev, fit), "selection_counts": counts(dev, select)},
    }

    # Baselines.
    baselines: dict[str, np.ndarray] = {
        "popularity (pre-cutoff investments)": popularity_scores(dev),
        "TF-IDF category": tfidf_scores(data, dev, location=False),
        "TF-IDF category + location": tfidf_scores(data, dev, location=True),
    }

    # Our scorer, per profile parameters; profile parameters tuned on the fit half.
    scored_cache: dict[ProfileParams, Scored] = {}

    def scored_for(params: ProfileParams) -> Scored:
        if params not in scored_cache:
            scored_cache[params] = score_event(build_event(data, dev, params), cache, encoder)
        return scored_cache[params]

    defaults = Weights()
    profile_trials = []
    best_params: dict[str, ProfileParams] = {}
    for mode in ("strict", "ask"):
        options = [ProfileParams(company_mode=mode)]
        options += [ProfileParams(n_categories=c, n_regions=r, n_cities=t, company_mode=mode)
                    for c, r, t in PROFILE_GRID]
        options += [ProfileParams(stage_share=s, company_mode=mode) for s in (0.15, 0.4)]
        scores = []
        for params in options:
            value = objective(evaluate_matrix(dev, scored_for(params).scores(defaults), fit))
            scores.append(value)
            profile_trials.append({**asdict(params), "fit_objective_default_weights": value})
            log(f"profile {params}: fit objective {value:.4f}")
        best_params[mode] = options[int(np.argmax(scores))]
    timer.mark("dev profiles and embeddings")

    # Weights on the fit half: the app's learner, and a direct search.
    variants: dict[str, dict[str, Any]] = {}
    for mode in ("strict", "ask"):
        params = best_params[mode]
        scored = scored_for(params)
        learned = learned_weights(dev, scored, fit)
        searched, searched_fit, trials = search_weights(dev, scored, fit, defaults)
        candidates = {"default": defaults, "learned": learned.weights, "searched": searched}
        on_select = {k: objective(evaluate_matrix(dev, scored.scores(w), select))
                     for k, w in candidates.items()}
        chosen = max(on_select, key=on_select.get)
        variants[mode] = {"params": params, "weights": candidates, "chosen": chosen,
                          "selection_objective": on_select, "search_trials": trials,
                          "learned_note": learned.note, "learned_source": learned.source}
        log(f"{mode}: selection objective {on_select} → {chosen}")
    timer.mark("dev tuning")

    # Component ablations (default profile parameters, strict): each component alone.
    from matchmaking.matching.scoring import COMPONENTS
    ablations = {}
    scored_strict = scored_for(best_params["strict"])
    for name in COMPONENTS:
        alone = Weights(**{c: float(c == name) for c in COMPONENTS})
        ablations[f"{name} only"] = evaluate_matrix(dev, scored_strict.scores(alone), every)

    consistency = check_score_all(build_event(data, dev, best_params["strict"]),
                                  scored_strict, defaults)
    log(f"score_all agrees with the matrix on {consistency:.0%} of checked top-10 lists")

    def rankers(period: Period, scores_of: dict[str, np.ndarray], queries: Sequence[int]
                ) -> dict[str, dict[str, dict[str, float]]]:
        out = {f"random (mean of {RANDOM_SEEDS} seeds)":
               {p: random_results(period, queries, p) for p in PROTOCOLS}}
        for name, matrix in scores_of.items():
            out[name] = evaluate_matrix(period, matrix, queries)
        return out

    ours = {}
    for mode in ("strict", "ask"):
        v = variants[mode]
        scored = scored_for(v["params"])
        label = "strict profiles" if mode == "strict" else "start-up states its round (ask)"
        ours[f"two-way scorer, default weights, {label}"] = scored.scores(defaults)
        ours[f"two-way scorer, learned weights (learning.learn_weights), {label}"] = \
            scored.scores(v["weights"]["learned"])
        ours[f"two-way scorer, searched weights, {label}"] = \
            scored.scores(v["weights"]["searched"])
    dev_all = rankers(dev, baselines | ours, every)
    dev_select = rankers(dev, baselines | ours, select)
    report["dev"].update({
        "profile_trials": profile_trials,
        "chosen_profile_params": {m: asdict(p) for m, p in best_params.items()},
        "variants": {m: {"weights": {k: weights_dict(w) for k, w in v["weights"].items()},
                         "chosen": v["chosen"], "selection_objective": v["selection_objective"],
                         "search_trials": v["search_trials"], "learned": v["learned_source"],
                         "learned_note": v["learned_note"]} for m, v in variants.items()},
        "results_all_investors": dev_all, "results_selection_half": dev_select,
        "component_ablations_strict_all_investors": ablations,
        "score_all_top10_agreement": consistency,
    })
    timer.mark("dev evaluation")

    print(f"\n## Dev period: profiles < {DEV_CUTOFF}, evaluated on 2012 "
          f"({len(every)} investors, {len(dev.candidates)} candidates; 'new': "
          f"{report['dev']['counts']['new']['investors']} investors)\n")
    print(table(dev_all))
    print("\nLearned and searched weights were fitted on the fit half of these investors; "
          "the next table is the selection half only (out-of-sample for every row).\n")
    print(f"### Dev period, selection half ({len(select)} investors)\n")
    print(table(dev_select))
    print("\n### Dev period, one component alone (strict profiles, all dev investors)\n")
    print(table(ablations))
    for mode, v in variants.items():
        print(f"\n{mode}: profile {asdict(v['params'])}; weights kept: {v['chosen']} "
              f"{weights_dict(v['weights'][v['chosen']])}")

    proposals = propose(data, dev, fit, select, {m: scored_for(best_params[m])
                                                 for m in ("strict", "ask")}, best_params)
    report["dev"]["proposed_changes_cross_fitted"] = proposals
    timer.mark("dev proposed changes")
    print_proposals(proposals, len(every))

    frozen = {m: {"profile": asdict(v["params"]), "weights_kept": v["chosen"],
                  "weights": weights_dict(v["weights"][v["chosen"]])}
              for m, v in variants.items()}
    report["frozen_choices"] = frozen
    write_json(args.out.with_name(args.out.stem + "_frozen.json"), frozen)

    if args.final:
        log("held-out check: loading the 2013 rows for the first time")
        full = load(args.data, include_test=True)
        test = make_period(full, "test", TEST_CUTOFF, None)
        queries = list(range(len(test.queries)))
        scores_of = {
            "popularity (pre-cutoff investments)": popularity_scores(test),
            "TF-IDF category": tfidf_scores(full, test, location=False),
            "TF-IDF category + location": tfidf_scores(full, test, location=True),
        }
        for mode in ("strict", "ask"):
            v = variants[mode]
            scored = score_event(build_event(full, test, v["params"]), cache, encoder)
            label = "strict profiles" if mode == "strict" else "start-up states its round (ask)"
            scores_of[f"two-way scorer, default weights, {label}"] = scored.scores(defaults)
            scores_of[f"two-way scorer, tuned on dev ({v['chosen']}), {label}"] = \
                scored.scores(v["weights"][v["chosen"]])
        held_out = rankers(test, scores_of, queries)
        report["held_out"] = {"cutoff": TEST_CUTOFF, "counts": counts(test, queries),
                              "results": held_out, "frozen_choices": frozen}
        reference = args.data / DATASET / "baseline_results.json"
        if reference.is_file():  # the README's numbers, to check the baselines' implementation
            report["held_out"]["readme_reference"] = json.loads(reference.read_text())
        timer.mark("held-out check")
        print(f"\n## HELD-OUT CHECK (run once, choices frozen): profiles < {TEST_CUTOFF}, "
              f"evaluated on 2013 ({len(queries)} investors, {len(test.candidates)} "
              f"candidates; 'new': {report['held_out']['counts']['new']['investors']})\n")
        print(table(held_out))

    report["seconds"] = timer.marks
    report["sentences_embedded_this_run"] = cache.embedded
    write_json(args.out, report)
    log(f"wrote {args.out} ({timer.mark('total')} s)")
    return report


def propose(data: Data, dev: Period, fit: Sequence[int], select: Sequence[int],
            scored: Mapping[str, Scored], params: Mapping[str, ProfileParams]
            ) -> dict[str, Any]:
    """Candidate changes to the production scorer, measured on the dev period only.

    Each change is scored with the default weights and with cross-fitted weights (searched
    on the fit half and applied to the selection half, and the other way round), so every
    dev investor is scored out-of-sample; per-investor paired differences against the
    current scorer (same protocol) give the standard errors."""
    from matchmaking.matching.scoring import Weights

    every = sorted(list(fit) + list(select))
    out: dict[str, Any] = {}
    for mode, base in scored.items():
        metro = metro_geography(data, dev, params[mode])
        changes = {
            "current scorer": base,
            "city/metro-level geography": replace(base, parts=dict(base.parts,
                                                                   geography=metro)),
            "arithmetic mean of the two directions": replace(base, combine="mean"),
            "metro geography + arithmetic mean": replace(
                base, parts=dict(base.parts, geography=metro), combine="mean"),
        }
        reference: dict[str, dict[str, dict[str, np.ndarray]]] = {}
        out[mode] = {}
        for name, variant in changes.items():
            on_fit, _, _ = search_weights(dev, variant, fit, Weights())
            on_select, _, _ = search_weights(dev, variant, select, Weights())
            crossed = np.empty_like(variant.parts["sector"])
            crossed[list(select)] = variant.scores(on_fit)[list(select)]
            crossed[list(fit)] = variant.scores(on_select)[list(fit)]
            entry: dict[str, Any] = {"weights_searched_on_fit": weights_dict(on_fit),
                                     "weights_searched_on_selection": weights_dict(on_select)}
            for label, matrix in (("default weights", variant.scores(Weights())),
                                  ("cross-fitted weights", crossed)):
                per = {p: dev.task(p, every).per_query(matrix[every]) for p in PROTOCOLS}
                entry[label] = {p: summarise(per[p]) for p in PROTOCOLS}
                if name == "current scorer":
                    reference[label] = per
                else:
                    entry[label]["paired_vs_current"] = {
                        p: paired_difference(per[p], reference[label][p]) for p in PROTOCOLS}
            out[mode][name] = entry
            log(f"proposal {mode} / {name}: weights {on_fit} / {on_select}")
    return out


def print_proposals(proposals: Mapping[str, Any], n_queries: int) -> None:
    for mode, changes in proposals.items():
        for label in ("default weights", "cross-fitted weights"):
            print(f"\n### Candidate production changes, dev period ({mode} profiles, {label}, "
                  f"all {n_queries} dev investors)\n")
            header = ["change"] + [f"{p} {m}" for p in PROTOCOLS for m in METRICS] + \
                ["Δ all R@50 vs current", "Δ new R@50 vs current", "Δ new MRR vs current"]
            rows = []
            for name, entry in changes.items():
                result = entry[label]
                paired = result.get("paired_vs_current")
                deltas = [f"{paired[p][m]:+.4f} ± {paired[p][m + '_se']:.4f}"
                          for p, m in (("all", "R@50"), ("new", "R@50"), ("new", "MRR"))] \
                    if paired else ["", "", ""]
                rows.append([name] + [result[p][m] for p in PROTOCOLS for m in METRICS]
                            + deltas)
            print(markdown_table(header, rows))


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


if __name__ == "__main__":
    main()
