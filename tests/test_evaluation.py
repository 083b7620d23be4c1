"""The evaluation scripts' metrics and profile building, on tiny hand-made samples (the real
data sets are never read here; the fake encoder keeps it fast and torch-free)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pytest

from .fakes import FakeEncoder

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import evaluate_crunchbase as cb  # noqa: E402
import evaluate_yc as yc  # noqa: E402
from evaluation_common import (RankingTask, VectorCache, paired_difference,  # noqa: E402
                               query_metrics, ranks_of, ratio_interval, sentence_field_vectors,
                               summarise)

# --- metrics ---------------------------------------------------------------------------------

def test_ranks_break_ties_by_the_fixed_order_and_skip_invalid_candidates():
    scores = np.array([0.9, 0.5, 0.5, 0.1, 0.95])
    tiebreak = np.array([0, 2, 1, 3, 4])
    assert ranks_of(scores, [1, 2, 3], tiebreak).tolist() == [4, 3, 5]
    valid = np.array([True, True, True, True, False])  # the best candidate is excluded
    assert ranks_of(scores, [0, 1], tiebreak, valid).tolist() == [1, 3]


def test_recall_and_reciprocal_rank_of_one_query():
    metrics = query_metrics(np.array([3, 12, 60]), ks=(10, 50))
    assert metrics["R@10"] == pytest.approx(1 / 3)
    assert metrics["R@50"] == pytest.approx(2 / 3)
    assert metrics["MRR"] == pytest.approx(1 / 3)


def test_new_protocol_removes_the_portfolio_from_candidates_and_truth():
    # Query 0 bought candidates 0 (already in its portfolio) and 3; query 1 only 2 (portfolio).
    task_all = RankingTask(truth=[[0, 3], [2]], n_candidates=5)
    task_new = RankingTask(truth=[[0, 3], [2]], n_candidates=5, excluded=[[0], [2]])
    assert (task_all.n_queries, task_all.n_pairs) == (2, 3)
    assert (task_new.n_queries, task_new.n_pairs) == (1, 1)
    scores = np.array([[0.9, 0.1, 0.2, 0.8, 0.3], [0.0, 0.0, 1.0, 0.0, 0.0]])
    assert task_all.evaluate(scores, ks=(1, 2))["R@1"] == pytest.approx(0.75)
    new = task_new.evaluate(scores, ks=(1, 2))
    assert new["R@1"] == 1.0 and new["MRR"] == 1.0  # candidate 3 is first once 0 is removed


def test_summary_and_paired_difference():
    a = {"MRR": np.array([1.0, 0.5, 0.0])}
    b = {"MRR": np.array([0.5, 0.5, 0.5])}
    assert summarise(a)["MRR"] == pytest.approx(0.5)
    assert summarise(a)["MRR_se"] == pytest.approx(0.5 / np.sqrt(3))
    assert paired_difference(a, b)["MRR"] == pytest.approx(0.0)


def test_ratio_interval_brackets_the_ratio_and_narrows_with_more_investors():
    rng = np.random.default_rng(3)
    # Per-investor recalls: ours hits a query a third more often than the baseline does.
    base = (rng.random(400) < 0.3).astype(float)
    ours = np.where(rng.random(400) < 0.4, 1.0, base)
    low, high = ratio_interval(ours, base)
    assert low < ours.mean() / base.mean() < high
    wide = ratio_interval(ours[:50], base[:50])
    assert wide[1] - wide[0] > high - low  # an eighth of the investors: a wider interval
    # resampled in pairs: the same queries on both sides give exactly 1
    assert ratio_interval(base, base) == (1.0, 1.0)
    with pytest.raises(ValueError, match="same non-empty queries"):
        ratio_interval(ours, base[:10])


def test_knn_precision_and_random_expectation():
    labels = np.array([0, 0, 0, 1, 1])
    same = labels[:, None] == labels[None, :]
    points = np.array([[1, 0], [0.9, 0.1], [0.8, 0.2], [0, 1], [0.1, 0.9]], float)
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    precision = yc.knn_precision(points @ points.T, same, k=1)
    assert precision.tolist() == [1.0, 1.0, 1.0, 1.0, 1.0]
    expected = yc.random_precision(same)
    assert expected.tolist() == pytest.approx([0.5, 0.5, 0.5, 0.25, 0.25])
    summary = yc.summary(precision, ["a", "a", "a", "b", "b"])
    assert summary["P@10_macro"] == 1.0 and summary["n"] == 5


# --- CrunchBase profiles on a hand-made sample -----------------------------------------------

COMPANIES = [
    # company_id, name, category, state, region, city, founded_year
    ("alpha", "Alpha", "software", "CA", "SF Bay", "Palo Alto", "2009"),
    ("beta", "Beta", "finance", "NY", "New York", "New York", "2010"),
    ("gamma", "Gamma", "ecommerce", "CA", "SF Bay", "San Francisco", ""),
    ("delta", "Delta", "biotech", "MA", "Boston", "Cambridge", "2008"),
    ("omega", "Omega", "software", "CA", "SF Bay", "Menlo Park", "2011"),
]
INVESTORS = [
    ("financial-organization/acme-ventures", "Acme Ventures", "financial-organization",
     "USA", "CA", "SF Bay", "Menlo Park"),
    ("person/jane-angel", "Jane Angel", "person", "GBR", "", "London", "London"),
]
INVESTMENTS = [
    # investor, company, round type, date, amount
    ("financial-organization/acme-ventures", "alpha", "series-a", "2010-03-01", "5000000"),
    ("financial-organization/acme-ventures", "beta", "series-b", "2010-06-01", "12000000"),
    ("financial-organization/acme-ventures", "gamma", "angel", "2011-02-01", "800000"),
    ("financial-organization/acme-ventures", "omega", "series-a", "2012-05-01", "4000000"),
    ("financial-organization/acme-ventures", "alpha", "series-b", "2012-09-01", ""),
    ("person/jane-angel", "alpha", "angel", "2009-01-01", "500000"),
    ("person/jane-angel", "delta", "angel", "2011-01-01", "900000"),
    ("person/jane-angel", "omega", "angel", "2012-02-01", "300000"),
    ("financial-organization/acme-ventures", "delta", "series-c+", "2013-04-01", "30000000"),
]


def _write_dataset(root: Path) -> Path:
    folder = root / cb.DATASET
    folder.mkdir(parents=True)
    with (folder / "companies.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["company_id", "name", "description", "category_code", "country_code",
                         "state_code", "region", "city", "founded_at", "founded_year"])
        for cid, name, category, state, region, city, year in COMPANIES:
            writer.writerow([cid, name, "", category, "USA", state, region, city, "", year])
    with (folder / "investors.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["investor_id", "name", "type", "category_code", "country_code",
                         "state_code", "region", "city"])
        for iid, name, kind, country, state, region, city in INVESTORS:
            writer.writerow([iid, name, kind, "", country, state, region, city])
    with (folder / "investments.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["investor_id", "company_id", "round_type", "funded_at", "funded_year",
                         "raised_amount_usd", "split"])
        for iid, cid, kind, date, amount in INVESTMENTS:
            split = "test" if date >= "2013-01-01" else "dev"
            writer.writerow([iid, cid, kind, date, date[:4], amount, split])
    return root


@pytest.fixture
def sample(tmp_path: Path) -> cb.Data:
    return cb.load(_write_dataset(tmp_path), include_test=False)


def test_the_dev_stage_never_loads_test_rows(tmp_path: Path):
    root = _write_dataset(tmp_path)
    assert all(i.date < "2013-01-01" for i in cb.load(root, include_test=False).investments)
    assert any(i.date >= "2013-01-01" for i in cb.load(root, include_test=True).investments)


def test_period_queries_candidates_truth_and_portfolio(sample: cb.Data):
    period = cb.make_period(sample, "dev", "2012-01-01", "2013-01-01")
    assert period.queries == ["financial-organization/acme-ventures"]  # the angel has 2 < 3
    assert period.candidates == ["alpha", "omega"]
    assert period.truth == [[0, 1]]
    assert period.portfolio == [[0]]  # alpha: a follow-on, dropped by the "new" protocol
    assert period.task("new").n_pairs == 1


def test_profiles_go_through_the_app_import_and_use_only_the_past(sample: cb.Data):
    period = cb.make_period(sample, "dev", "2012-01-01", "2013-01-01")
    strict = cb.build_event(sample, period, cb.ProfileParams(company_mode="strict"))
    investor, alpha, omega = strict.profiles
    assert investor["kind"] == "investor" and investor["id"] == 1
    assert investor["email"] == "acme-ventures@financial-organization.crunchbase.example.org"
    assert investor["country"] == ["US"]
    assert set(investor["sectors"]) == {"software", "fintech", "ecommerce"}
    assert investor["stages"] == ["pre-seed", "seed", "series-a", "series-b+"]
    assert 800_000 <= investor["ticket_min"] < investor["ticket_max"] <= 12_000_000
    assert "omega" not in investor["about"].lower()
    assert "SF Bay" in investor["looking_for"] and "2012" not in investor["about"]
    # Strict companies: stage and ticket from their rounds before the cutoff only.
    assert alpha["kind"] == "startup" and alpha["sectors"] == ["software"]
    assert alpha["stages"] == ["series-a"] and alpha["ticket_min"] == 5_000_000
    assert "Palo Alto, California (SF Bay area)" in alpha["about"]
    assert omega["stages"] == [] and omega["ticket_min"] is None
    assert "no disclosed funding round before 2012" in omega["offering"]
    # Ask mode: the start-up states the round it raises in the period (type and size only).
    ask = cb.build_event(sample, period, cb.ProfileParams(company_mode="ask"))
    omega_ask = ask.profiles[2]
    assert omega_ask["stages"] == ["seed"] and omega_ask["ticket_min"] == 300_000
    assert "raising a seed round of about $300K" in omega_ask["offering"]
    assert "Acme" not in omega_ask["offering"] + omega_ask["looking_for"]


def test_investor_abroad_keeps_its_country_first(sample: cb.Data):
    history = [i for i in sample.investments if i.investor == "person/jane-angel"]
    row = cb.investor_row(sample.investors["person/jane-angel"], history, sample.companies,
                          cb.ProfileParams())
    assert row["country"] == "GBR;United States"
    assert row["about"].startswith("Jane Angel is an angel investor based in London")
    [participant] = cb.import_rows([row], "one.csv")
    assert participant["country"] == ["GB", "US"]
    assert participant["sectors"] == ["software", "biotech"]


def test_a_long_portfolio_keeps_the_latest_companies_within_what_a_cell_may_hold():
    from matchmaking.domain.importing import MAX_CELL_CHARACTERS

    # 600 companies of ~60 characters a line: more than a cell holds
    companies = {f"c{n:03d}": {"company_id": f"c{n:03d}", "name": f"Company {n:03d}",
                               "category_code": "software", "city": "Palo Alto",
                               "state_code": "CA", "region": "SF Bay"} for n in range(600)}
    history = [cb.Investment("i", f"c{n:03d}", "series-a", f"{2000 + n // 60}-01-{n % 28 + 1:02d}",
                             None) for n in range(600)]
    text = cb.portfolio_text(sorted(companies), history, companies)
    lines = text.split("\n")
    assert len(text) <= MAX_CELL_CHARACTERS and 200 < len(lines) < 600
    assert lines == sorted(lines)  # in their usual order, not by date
    kept = {line.split(",")[0] for line in lines}
    assert "Company 599" in kept and "Company 000" not in kept  # the latest are kept
    assert cb.portfolio_text(["c001", "c002"], history, companies).count("\n") == 1
    row = cb.investor_row({"investor_id": "financial-organization/big", "name": "Big",
                           "city": "", "state_code": "", "region": "", "country_code": "USA"},
                          history, companies, cb.ProfileParams(portfolio=True))
    [participant] = cb.import_rows([row], "big.csv")  # the import takes it
    assert participant["portfolio"] == text


def test_round_types_map_onto_the_app_stages():
    assert cb.round_stages("angel", None) == ("pre-seed", "seed")
    assert cb.round_stages("series-c+", 1e8) == ("series-b+",)
    assert cb.round_stages("venture", 1_000_000) == ("seed",)
    assert cb.round_stages("venture", 3_000_000) == ("series-a",)
    assert cb.round_stages("venture", None) == ()
    assert cb.round_stages("private-equity", None) == ("growth",)
    assert cb.money(1_250_000) == "$1.2M" and cb.money(750_000) == "$750K"


def test_scoring_the_sample_with_the_app_code(sample: cb.Data, tmp_path: Path):
    from matchmaking.matching.scoring import Weights

    period = cb.make_period(sample, "dev", "2012-01-01", "2013-01-01")
    event = cb.build_event(sample, period, cb.ProfileParams())
    cache = VectorCache(tmp_path / "vectors.npz", "fake")
    encoder = FakeEncoder()
    scored = cb.score_event(event, cache, encoder)
    scores = scored.scores(Weights())
    assert scores.shape == (1, 2) and ((scores > 0) & (scores <= 1)).all()
    assert cb.check_score_all(event, scored, Weights()) == 1.0
    # A rerun embeds nothing: the vectors come from the cache file.
    again = VectorCache(tmp_path / "vectors.npz", "fake")
    calls = encoder.calls
    cb.score_event(event, again, encoder)
    assert encoder.calls == calls
    tfidf = cb.tfidf_scores(sample, period, location=True)
    assert tfidf.shape == (1, 2) and tfidf[0, 0] > 0


def test_field_vectors_are_the_normalised_weighted_mean_of_sentence_vectors(tmp_path: Path):
    from matchmaking.services.matching import LEAD_SENTENCE_WEIGHT

    cache = VectorCache(tmp_path / "v.npz", "fake")
    text = "Acme builds payment terminals for shops. It also lends to shopkeepers."
    vectors, dimension = sentence_field_vectors({(1, "about"): text}, cache, FakeEncoder())
    sentences = FakeEncoder().encode(["Acme builds payment terminals for shops.",
                                      "It also lends to shopkeepers."])
    mean = LEAD_SENTENCE_WEIGHT * sentences[0] + sentences[1]  # the lead sentence counts more
    assert dimension == sentences.shape[1]
    assert np.allclose(vectors[(1, "offer")], mean / np.linalg.norm(mean), atol=1e-6)
