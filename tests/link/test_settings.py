"""Features and every comparison level of the model."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import pytest

from undercount.link import settings as st

from .conftest import record


def test_fold_persian_counts_letters_not_bytes():
    a = st.fold_persian("محمد رضایی")
    b = st.fold_persian("محمد رضائی")  # one letter differs
    assert a is not None and b is not None and a.isascii() and b.isascii()
    assert len(a) == len("محمد رضایی")
    assert sum(x != y for x, y in zip(a, b, strict=True)) == 1
    # Arabic yeh/kaf and Persian yeh/kaf fold alike; ZWNJ and harakat are dropped.
    assert st.fold_persian("علي") == st.fold_persian("علی")
    assert st.fold_persian("مُحَمَّد") == st.fold_persian("محمد")
    assert st.fold_persian("Mohammad") is None


def test_prepare_features_dates_and_keys():
    recs = pd.DataFrame(
        [
            {
                "id": 1,
                "source_id": 1,
                "name_key": "Mohämmad  Rezaei",
                "name_skeleton": "mhmd rz",
                "date": dt.date(2019, 11, 16),
                "date_precision": "day",
                "age": 24,
                "city": "Mahshahr",
                "name_script": "latin",
            },
            {
                "id": 2,
                "source_id": 2,
                "name_key": None,
                "name_norm": "محمد رضایی",
                "date": dt.date(2019, 10, 23),
                "date_precision": "month",
                "date_calendar": "jalali",
            },
            {"id": 3, "source_id": 2, "date": dt.date(2019, 11, 1), "date_precision": "month"},
            {"id": 4, "source_id": 3},
        ]
    )
    f = st.prepare_features(recs).set_index("unique_id")
    assert f.loc[1, "name_key"] == "mohammad rezaei"
    assert f.loc[1, "name_sorted"] == "mohammad rezaei"
    assert f.loc[1, "city"] == "mahshahr"
    assert f.loc[1, "date_day"] == f.loc[1, "date_lo"] == f.loc[1, "date_hi"]
    assert pd.isna(f.loc[2, "date_day"])
    assert f.loc[2, "date_hi"] - f.loc[2, "date_lo"] == 30  # a Jalali month
    assert f.loc[3, "date_hi"] - f.loc[3, "date_lo"] == 29  # November
    assert f.loc[2, "name_fa"] is not None and f.loc[1, "name_fa"] is None
    assert pd.isna(f.loc[4, "date_lo"]) and f.loc[4, "name_key"] is None
    assert list(f.reset_index().columns) == ["unique_id", *st.FEATURE_COLUMNS]


def test_flat_skeleton_blocks_word_boundaries_that_differ_between_scripts():
    # فرح منش / Farahmanesh: the skeletons differ only by a space, so their first and last
    # words (blk_skel) differ; blk_skel_flat proposes the pair.
    recs = pd.DataFrame(
        [
            {"id": 1, "source_id": 1, "name_key": "frh mnsh", "name_skeleton": "frh mnsh"},
            {"id": 2, "source_id": 2, "name_key": "farahmanesh", "name_skeleton": "frhmnsh"},
            {"id": 3, "source_id": 2, "name_key": "farhad", "name_skeleton": "frhd"},
        ]
    )
    f = st.prepare_features(recs).set_index("unique_id")
    assert f.loc[1, "blk_skel"] != f.loc[2, "blk_skel"]
    assert f.loc[1, "blk_skel_flat"] == f.loc[2, "blk_skel_flat"] == "frhmnsh"
    assert f.loc[3, "blk_skel_flat"] != f.loc[1, "blk_skel_flat"]
    assert ("blk_skel_flat",) in st.PREDICTION_BLOCKING


def _gammas(cases: list[tuple[dict, dict]]) -> list[dict[str, str]]:
    """Comparison level label of each case, per comparison."""
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    rows = []
    for i, (a, b) in enumerate(cases):
        for j, r in enumerate((a, b)):
            rows.append({**record(j + 1, 1, "x", "y"), **r, "id": 2 * i + j + 1})
    feats = st.prepare_features(pd.DataFrame(rows))
    feats["case"] = [i for i in range(len(cases)) for _ in (0, 1)]
    for c in (
        "name_fa",
        "place_key",
        "name_skel",
        "father_key",
        "given_key",
        "family_key",
        "sex",
        "city",
        "province",
    ):
        feats[c] = feats[c].astype("string")
    db = DuckDBAPI()
    tab = db.register(feats)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=st.comparisons(),
        blocking_rules_to_generate_predictions=[block_on("case")],
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(tab, settings, log_level=None)
    logging.getLogger("splink").setLevel(logging.ERROR)
    out = linker.inference.predict(warning_mode="never").as_pandas_dataframe()
    out = out.sort_values("unique_id_l")
    labels = {}
    for comp in linker._settings_obj.comparisons:
        labels[comp.output_column_name] = {
            lv.comparison_vector_value: ("null" if lv.is_null_level else lv.label_for_charts)
            for lv in comp.comparison_levels
        }
    res = []
    for _, row in out.iterrows():
        res.append({name: labels[name][int(row[f"gamma_{name}"])] for name in labels})
    return res


def _name(given: str, family: str, **kw) -> dict:
    return {
        "name_key": f"{given} {family}",
        "given_key": given,
        "family_key": family,
        "name_skeleton": None,
        **kw,
    }


def test_comparison_levels():
    cases = [
        # name
        (
            _name("mhmd", "rzi", name_norm="محمد رضایی"),
            _name("mhmd", "rzi", name_norm="محمد رضایی"),
        ),
        (_name("mhmd", "rzi"), _name("mhmd", "rzi")),
        (_name("mhmd", "rzi"), _name("rzi", "mhmd")),
        (_name("mohammad", "rezaei"), _name("mohamad", "rezaee")),
        (_name("mostafa", "rezaei"), _name("mustafa", "rezai")),
        (_name("mohammad", "rezaei"), _name("mohammad", "karimi")),  # noqa: E501
        # father
        ({"father_key": "ali"}, {"father_key": "ali"}),
        ({"father_key": "hossein"}, {"father_key": "hosein"}),
        ({"father_key": "ali"}, {"father_key": "reza"}),
        ({"father_key": "ali"}, {"father_key": None}),
        # date
        ({"date": "2019-11-16"}, {"date": "2019-11-16"}),
        ({"date": "2019-11-16"}, {"date": "2019-11-18"}),
        ({"date": "2019-11-16"}, {"date": "2019-11-01", "date_precision": "month"}),
        ({"date": "2019-11-16"}, {"date": "2019-03-16"}),
        ({"date": "2019-11-16"}, {"date": "2012-11-16"}),
        ({"date": "2019-11-16"}, {"date": None}),
        # age
        ({"age": 24}, {"age": 24}),
        ({"age": 24}, {"age": 25}),
        ({"age": 24}, {"age": 27}),
        ({"age": 24}, {"age": 40}),
        ({"age": 24}, {"age": None}),
        # sex
        ({"sex": "male"}, {"sex": "female"}),
        # place
        ({"city": "ahvaz", "province": "khuzestan"}, {"city": "ahvaz", "province": "khuzestan"}),
        ({"city": "ahvaz", "province": "khuzestan"}, {"city": "mahshahr", "province": "khuzestan"}),
        ({"city": "ahvaz", "province": "khuzestan"}, {"city": "shiraz", "province": "fars"}),
        (
            {"city": None, "province": None, "place_text": "Bazar"},
            {"city": None, "province": None, "place_text": "bazar"},
        ),
        ({"city": None, "province": None}, {"city": "shiraz", "province": "fars"}),
        (_name("ali", "karimi"), _name("mehdi", "karimi")),
        (_name("ali", "karimi"), _name("ali", "moradi")),
        (_name("ali", "karimi"), _name("karimi", "alli")),
        (
            {"city": None, "province": None, "place_text": "Rowville"},
            {"city": None, "province": None, "place_text": "Rowvikle"},
        ),
    ]
    for a, b in cases:
        for r in (a, b):
            if isinstance(r.get("date"), str):
                r["date"] = pd.Timestamp(r["date"])
    g = _gammas(cases)
    assert g[0]["name"] == "same Persian spelling"
    assert g[1]["name"] == "Exact match on name_key"
    assert g[2]["name"].startswith("same words reordered")
    assert g[3]["name"].startswith("given and family close")
    assert g[4]["name"].startswith("one part close")
    assert g[5]["name"] == "given name agrees, family differs"
    assert [g[i]["father"] for i in range(6, 10)] == [
        "Exact match on father_key",
        "Jaro-Winkler >= 0.90",
        "All other comparisons",
        "null",
    ]
    assert [g[i]["date"] for i in range(10, 16)] == [
        "Exact match on date_day",
        "within 3 days",
        "same month",
        "same year",
        "All other comparisons",
        "null",
    ]
    assert [g[i]["age"] for i in range(16, 21)] == [
        "same age (or age ranges overlap)",
        "within 1 year",
        "within 4 years",
        "All other comparisons",
        "null",
    ]
    assert g[21]["sex"] == "All other comparisons"
    assert [g[i]["place"] for i in range(22, 27)] == [
        "Exact match on city",
        "same province",
        "All other comparisons",
        "same place text",
        "null",
    ]
    assert g[27]["name"] == "family name agrees, given differs"
    assert g[28]["name"] == "given name agrees, family differs"
    assert g[29]["name"].startswith("same words reordered")  # given and family swapped
    assert g[30]["place"] == "similar place text"


def test_aliases_and_age_ranges_are_used_when_the_records_have_them():
    """The intake contract: ``alias_keys`` (other spellings) and ``age_low``/``age_high``."""
    cases = [
        # An alias of one record is the other's name key.
        (
            _name("ahmd", "shhb", alias_keys=["ahmed shehab"]),
            _name("ahmed", "shehab"),
        ),
        # Two records whose aliases agree (their names do not).
        (
            _name("abu", "khalil", alias_keys=["ali hassan"]),
            _name("ali", "hasan", alias_keys=["ali hassan", "x y"]),
        ),
        # Without aliases the same names are far apart.
        (_name("abu", "khalil"), _name("ali", "hasan")),
        # "about 30" (28-32) against 31: ranges overlap.
        ({"age": None, "age_low": 28, "age_high": 32}, {"age": 31}),
        # 20-25 against 27: within 4 years.
        ({"age": None, "age_low": 20, "age_high": 25}, {"age": 27}),
        # 20-25 against 40.
        ({"age": None, "age_low": 20, "age_high": 25}, {"age": 40}),
    ]
    g = _gammas(cases)
    assert g[0]["name"].startswith("same words reordered, same skeleton, or another spelling")
    assert g[1]["name"].startswith("same words reordered, same skeleton, or another spelling")
    assert g[2]["name"] == "All other comparisons"
    assert [g[i]["age"] for i in (3, 4, 5)] == [
        "same age (or age ranges overlap)",
        "within 4 years",
        "All other comparisons",
    ]


def test_record_columns_follow_the_table(tmp_path):
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE records (id BIGINT, name VARCHAR)")
    assert st.record_columns(con) == list(st.RECORD_COLUMNS)
    con.execute("ALTER TABLE records ADD COLUMN alias_keys VARCHAR[]")
    con.execute("ALTER TABLE records ADD COLUMN age_low INTEGER")
    assert st.record_columns(con)[-2:] == ["age_low", "alias_keys"]


@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_model_adapts_to_dialect(dialect):
    from splink import DuckDBAPI, Linker

    feats = st.prepare_features(
        pd.DataFrame([record(1, 1, "ali", "karimi"), record(2, 1, "ali", "karimi")]).assign(
            id=[1, 2]
        )
    )
    linker = Linker(DuckDBAPI().register(feats), st.settings_creator(), log_level=None)
    model = linker.misc.save_model_to_json()
    model["comparisons"][0]["comparison_levels"][2]["m_probability"] = 0.7
    out = st.adapt_model(model, dialect)
    assert st.model_dialect(out) == dialect
    assert out["comparisons"][0]["comparison_levels"][2]["m_probability"] == 0.7
    text = str(out["comparisons"])
    if dialect == "spark":
        assert "jaro_winkler(" in text and "jaro_winkler_similarity(" not in text
    rules = [st._rule_columns(r) for r in out["blocking_rules_to_generate_predictions"]]
    assert rules == [list(r) for r in st.PREDICTION_BLOCKING]


def test_relatives_in_chain_names_do_not_reach_the_near_name_level():
    """Arabic chain names (given, father, grandfather, family) keep father + grandfather +
    family in ``family_key``. Two relatives sharing the father's name, or two brothers with
    different Abd-compounds, were merged on the real Gaza lists through the Jaro-Winkler
    prefix bonus; they must fall to the lower levels, while spelling variants stay near."""
    cases = [
        # cousins / namesakes: same given and father's name, other family name
        (_name("ahmd", "slim hsn nasr"), _name("ahmd", "slim khlil daud")),
        # brothers: two Abd-compounds, same father, grandfather and family
        (_name("abdlrhmn", "yvsf aziz hmdan"), _name("abdlh", "yvsf aziz hmdan")),
        # the same person, one letter lost in the family name and the given name spelt apart
        (_name("ahmd", "slim hsn nasr"), _name("ahmd", "slim hsn nsr")),
        (_name("abdlrhmn", "yvsf aziz hmdan"), _name("abdalrhmn", "yvsf aziz hmdan")),
    ]
    g = _gammas(cases)
    assert g[0]["name"] == "given name agrees, family differs"
    assert g[1]["name"] == "family name agrees, given differs"
    assert not g[2]["name"].startswith(("given name agrees", "family name agrees", "All other"))
    assert not g[3]["name"].startswith(("given name agrees", "family name agrees", "All other"))


def test_adaptive_blocking_keys_refine_large_blocks_and_drop_what_stays_large():
    """A key value held by more than the cap is refined by the next column; a block still
    too large after every refinement is dropped; records without the refining value keep
    the plain key."""
    recs = pd.DataFrame(
        [
            {"id": i, "source_id": 1, "name_key": "ali rezaei", "age": age, "city": city}
            for i, (age, city) in enumerate(
                [(20, "qom"), (20, "qom"), (20, "qom"), (20, "qom"), (30, "qom"), (31, None)]
                + [(40, "yazd")] * 2,
                start=1,
            )
        ]
        + [{"id": 20, "source_id": 1, "name_key": "reza karimi", "age": 50, "city": "qom"}]
    )
    f = st.prepare_features(recs, block_cap=3).set_index("unique_id")
    # blk_name_place: name_key, refined by place, then age.
    assert f.loc[1, "blk_name_place"] is None  # (ali rezaei, qom, 20) x4: still too large
    assert f.loc[5, "blk_name_place"] == "ali rezaei#qom#30"
    assert f.loc[6, "blk_name_place"] == "ali rezaei"  # no place: the plain key
    assert f.loc[7, "blk_name_place"] == f.loc[8, "blk_name_place"] == "ali rezaei#yazd"
    assert f.loc[20, "blk_name_place"] == "reza karimi"  # a small block is left as it is


def _real_name(text: str) -> dict:
    from undercount.normalize import name_key, name_skeleton, split_name

    parts = split_name(text)
    return {
        "name_key": name_key(text),
        "given_key": name_key(parts.given),
        "family_key": name_key(parts.family),
        "name_skeleton": name_skeleton(text),
    }


def test_skeletons_equal_without_spaces_reach_the_skeleton_level():
    """A given name joined in Latin and written in two words in Persian (issue 15: Nurmohammad
    = نور محمد, where نور is not a given name the rules cut off) agrees on the space-free
    skeleton; blocking is unchanged."""
    latin, persian = _real_name("Nurmohammad Karimi"), _real_name("نور محمد کریمی")
    assert latin["name_skeleton"] != persian["name_skeleton"]
    assert latin["name_skeleton"].replace(" ", "") == persian["name_skeleton"].replace(" ", "")
    other = _real_name("نور محمد کریمیان")  # another family name: the skeletons differ
    g = _gammas(
        [
            (latin, persian),
            ({**latin, "name_skeleton": None}, {**persian, "name_skeleton": None}),
            (latin, other),
        ]
    )
    assert g[0]["name"].startswith("same words reordered, same skeleton")
    assert not g[1]["name"].startswith("same words reordered")  # without the skeleton
    assert not g[2]["name"].startswith("same words reordered")
