"""The simulator: determinism, truth alignment, heterogeneity, dependence, noise, arguments."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undercount.simulate import Simulation, simulate

PERSIAN_LETTER = re.compile(r"[\u0600-\u06FF]")
PERSIAN_DIGIT = re.compile(r"[۰-۹]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def sim() -> Simulation:
    return simulate(victims=6000, lists=4, seed=7)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    simulate(tmp_path / "one", victims=800, lists=4, seed=3)
    simulate(tmp_path / "two", victims=800, lists=4, seed=3)
    simulate(tmp_path / "three", victims=800, lists=4, seed=4)
    one, two, three = (_digests(tmp_path / d) for d in ("one", "two", "three"))
    assert set(one) == {
        "list_a.csv",
        "list_b.csv",
        "list_c.csv",
        "list_d.csv",
        "truth.csv",
        "population.csv",
        "simulation.json",
    }
    assert one == two
    assert all(one[f] != three[f] for f in ("list_a.csv", "truth.csv", "population.csv"))


def test_truth_rows_align_with_list_rows(tmp_path: Path) -> None:
    s = simulate(tmp_path, victims=1500, lists=4, seed=11, noise=0.0)
    truth = pd.read_csv(tmp_path / "truth.csv")
    assert list(truth.columns) == ["source", "row", "victim_id"]
    pop = s.population.set_index("victim_id")
    for name in ("list_a", "list_b", "list_c", "list_d"):
        df = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        t = truth[truth["source"] == name].sort_values("row")
        assert t["row"].tolist() == list(range(1, len(df) + 1))
        true = pop.loc[t["victim_id"]]
        if name == "list_a":  # English, Latin names in the standard spelling
            assert (df["Full name"].to_numpy() == true["name"].to_numpy()).all()
            assert (df["Sex"].to_numpy() == true["sex"].to_numpy()).all()
            assert (df["Age"].astype(int).to_numpy() == true["age"].to_numpy()).all()
            dates = df["Date of death"]
            iso = dates.str.fullmatch(r"\d{4}-\d\d-\d\d")
            text = pd.to_datetime(dates[~iso], format="%d %b %Y").dt.strftime("%Y-%m-%d")
            assert (dates[iso].to_numpy() == true["date"].to_numpy()[iso.to_numpy()]).all()
            assert (text.to_numpy() == true["date"].to_numpy()[~iso.to_numpy()]).all()
        if name == "list_b":  # Persian script and Persian digits
            assert (df["نام و نام خانوادگی"].to_numpy() == true["name_fa"].to_numpy()).all()
            ages = df["سن"].str.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
            assert (ages.astype(int).to_numpy() == true["age"].to_numpy()).all()
            assert (
                df["جنسیت"].map({"مرد": "male", "زن": "female"}).to_numpy()
                == true["sex"].to_numpy()
            ).all()
    assert s.truth["victim_id"].between(1, 1500).all()


def test_truth_matches_written_lists(sim: Simulation) -> None:
    counts = sim.truth.groupby("source").size()
    assert {n: len(df) for n, df in sim.lists.items()} == counts.to_dict()
    assert sim.documented == sim.truth["victim_id"].nunique() <= sim.true_total
    hist = sim.capture_histories()
    assert hist["count"].sum() == sim.documented
    assert (hist[list(sim.lists)].sum(axis=1) > 0).all()
    by = sim.capture_histories(by=["sex"])
    assert by["count"].sum() == sim.documented and "sex" in by


def test_capture_is_heterogeneous(sim: Simulation) -> None:
    pop = sim.population
    seen_a = np.isin(pop["victim_id"], sim.truth.loc[sim.truth["source"] == "list_a", "victim_id"])
    child = pop["age"] < 18
    assert child.sum() > 200
    # list_a (an international NGO) finds children more often, and misses peripheral provinces.
    assert seen_a[child].mean() - seen_a[~child].mean() > 0.08
    tehran = pop["province"] == "Tehran"
    baluch = pop["province"].isin(["Sistan and Baluchestan", "Kurdistan", "Khuzestan"])
    assert seen_a[tehran].mean() - seen_a[baluch].mean() > 0.08
    # The true probabilities are heterogeneous too, and recorded.
    p = sim.capture_probabilities
    assert p["list_a"].std() > 0.1 and set(p.columns) == {"victim_id", *sim.lists}


def _overlap_ratio(s: Simulation, x: str, y: str) -> float:
    """Observed overlap of two lists over what independence would give."""
    t = s.truth.drop_duplicates(["source", "victim_id"])
    a = set(t.loc[t["source"] == x, "victim_id"])
    b = set(t.loc[t["source"] == y, "victim_id"])
    return len(a & b) / (len(a) * len(b) / s.true_total)


def test_lists_a_and_b_are_positively_dependent(sim: Simulation) -> None:
    ratio = _overlap_ratio(sim, "list_a", "list_b")
    assert ratio > 1.15
    without = simulate(victims=6000, lists=4, seed=7, dependence=0.0)
    assert ratio > _overlap_ratio(without, "list_a", "list_b") + 0.1
    indep = simulate(
        victims=6000, lists=2, seed=7, dependence=0.0, heterogeneity=0.0, covariate_effects=0.0
    )
    assert abs(_overlap_ratio(indep, "list_a", "list_b") - 1) < 0.1


def test_noise_is_present(sim: Simulation) -> None:
    a, b, c, d = (sim.lists[n] for n in ("list_a", "list_b", "list_c", "list_d"))
    assert a["Full name"].str.contains(LATIN_LETTER).mean() > 0.99
    assert b["نام و نام خانوادگی"].str.contains(PERSIAN_LETTER).mean() > 0.99
    latin_d = d["نام خانوادگی"].str.contains(LATIN_LETTER).mean()
    assert 0.15 < latin_d < 0.35
    # Arabic-letter and ZWNJ variants in Persian names.
    names_b = b["نام و نام خانوادگی"]
    assert names_b.str.contains("[يك]").any() and names_b.str.contains("\u200c").any()
    # Jalali dates with Persian digits, day and month-only; Gregorian and mixed formats in C.
    assert b["تاریخ"].str.contains(PERSIAN_DIGIT).mean() > 0.9
    assert b["تاریخ"].str.contains("آبان").any()
    assert b["تاریخ"].str.fullmatch(r"آبان ۱۳۹۸").any()
    assert a["Date of death"].str.fullmatch(r"\d{4}-\d\d-\d\d").mean() > 0.6
    formats = {
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} [A-Z][a-z]{2} \d{4}",
        r"13\d\d/\d\d/\d\d",
        r"Aban 1398",
        r"[A-Z][a-z]+ \d{1,2}, \d{4}",
    }
    for f in formats:
        assert c["Date"].str.fullmatch(f).any(), f
    # Transliteration variants of the same names in list_c and list_a.
    text = " ".join(c["Full name"]) + " " + " ".join(a["Full name"])
    assert {"Mohammad", "Mohammed"} <= set(re.findall(r"\w+", text))
    # Within-list duplicates, missing fields, ages off by one.
    assert all(v > 0 for v in sim.duplicates.values())
    assert (a["Age"] == "").mean() > 0.03 and (a["Father's name"] == "").mean() > 0.2
    assert set(a["Sex"]) <= {"male", "female", ""} and set(b["جنسیت"]) <= {"مرد", "زن", ""}


def test_noise_zero_gives_clean_lists() -> None:
    s = simulate(victims=500, lists=3, seed=2, noise=0.0)
    assert all(v == 0 for v in s.duplicates.values())
    assert (s.lists["list_a"]["Age"] != "").all()


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
def test_any_number_of_lists_works(k: int, tmp_path: Path) -> None:
    s = simulate(tmp_path, victims=400, lists=k, seed=k)
    names = [f"list_{chr(ord('a') + j)}" for j in range(k)]
    assert list(s.lists) == names
    assert sorted(p.name for p in tmp_path.glob("list_*.csv")) == [f"{n}.csv" for n in names]
    assert set(s.truth["source"]) == set(names)
    assert s.capture_histories()["count"].sum() == s.documented


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"victims": 0}, "victims must be"),
        ({"victims": -5}, "victims must be"),
        ({"lists": 1}, "lists must be"),
        ({"lists": 27}, "lists must be"),
        ({"seed": -1}, "seed must be"),
        ({"female_share": 1.5}, "female_share"),
        ({"start": "2019-13-01"}, "ISO dates"),
        ({"noise": 4}, "noise must be"),
        ({"violation": "murder"}, "violation must be"),
        ({"capture": [0.5]}, "capture must be"),
        ({"colour": "red"}, "unknown option"),
    ],
)
def test_bad_arguments_raise_value_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate(**kwargs)


def test_cli_writes_files_and_json(tmp_path: Path) -> None:
    typer_testing = pytest.importorskip("typer.testing")
    import undercount.cli.simulate  # noqa: F401  (registers the command)
    from undercount.cli._app import app

    runner = typer_testing.CliRunner()
    res = runner.invoke(
        app,
        [
            "simulate",
            "-o",
            str(tmp_path),
            "--victims",
            "300",
            "--lists",
            "3",
            "--seed",
            "5",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["true_total"] == 300 and set(out["lists"]) == {"list_a", "list_b", "list_c"}
    assert (tmp_path / "truth.csv").exists() and (tmp_path / "list_c.csv").exists()
    res = runner.invoke(app, ["simulate", "-o", str(tmp_path), "--victims", "300"])
    assert res.exit_code == 0 and "true total" in res.stdout
    res = runner.invoke(app, ["simulate", "-o", str(tmp_path), "--lists", "1"])
    assert res.exit_code == 2 and "lists must be" in res.output


@settings(max_examples=12, deadline=None)
@given(victims=st.integers(1, 300), k=st.integers(2, 8), seed=st.integers(0, 2**32 - 1))
def test_property_truth_is_consistent(victims: int, k: int, seed: int) -> None:
    s = simulate(victims=victims, lists=k, seed=seed)
    assert len(s.truth) == sum(len(df) for df in s.lists.values())
    for name, df in s.lists.items():
        rows = s.truth.loc[s.truth["source"] == name, "row"]
        assert sorted(rows) == list(range(1, len(df) + 1))
    assert s.truth["victim_id"].between(1, victims).all()
    assert len(s.population) == s.true_total == victims
    assert s.documented == (s.capture_histories()["count"].sum() if len(s.truth) else 0)


def test_importer_recognises_every_header() -> None:
    lists_mod = pytest.importorskip("undercount.intake.lists")
    s = simulate(victims=200, lists=8, seed=1)
    for name, df in s.lists.items():
        mapping = lists_mod.map_columns(list(df.columns), None, name)
        assert set(mapping) == set(df.columns), name
