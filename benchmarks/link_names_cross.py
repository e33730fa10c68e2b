"""Cross-script linkage on real Persian/Latin names: does linkage find the same person?

    python benchmarks/link_names_cross.py [--part holdout] [--shared 1000] [--only 500]
                                          [--seed 1] [--show-missed 20] [--json FILE]

Data: the Iran Memorial name pairs (``benchmarks/data/names/iran_memorial_fa_latin_*.csv``,
CC BY-SA 4.0, see the README there): one person's name in Persian script and in Latin
letters. Only names are stored, so the lists hold names only:

* list A: the Persian-script names of ``shared`` people plus ``only`` other people;
* list B: the Latin names of the same ``shared`` people plus ``only`` people of neither
  (distractors, drawn from the same corpus part).

The truth is the pair number, never given to any method. Printed in one run, pairwise
precision / recall / F1 and seconds for:

* **undercount**: both lists imported through the normal importer, then ``Project.link()``
  with its defaults (the path ``undercount link`` takes);
* **exact-name join**: the names as written (0 across scripts, by construction);
* **plain Splink**: ``benchmarks/link_real.py``'s peer (Splink as its tutorial configures
  it, ``NameComparison`` on the raw strings, blocking on the first or last word).

and undercount's **blocking pair completeness**: the share of true pairs that at least one
prediction blocking rule proposes (a pair no rule proposes is never compared), the true
pairs each rule proposes, and how many of the pairs no rule proposes have consonant
skeletons equal once spaces are removed (word boundaries that differ between the scripts:
فرح منش / Farahmanesh). The dev half is for tuning; the hold-out half (default) for
reporting.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

_HERE = Path(__file__).resolve().parent
REAL = _HERE / "data" / "names"
CORPUS = "iran_memorial_fa_latin_{part}.csv"


def _link_real() -> Any:
    """``benchmarks/link_real.py`` as a module (its scoring, exact join and Splink peer)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("link_real", _HERE / "link_real.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file is in the repo
        raise ImportError("benchmarks/link_real.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_lists(
    pairs: pd.DataFrame, shared: int, only: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """(list A, list B, truth of A's rows, truth of B's rows): Persian A, Latin B.

    ``shared`` people are in both lists; ``only`` more in A alone and ``only`` others in B
    alone. Rows are shuffled; the truth is the corpus pair number (as text).
    """
    if shared + 2 * only > len(pairs):
        sys.exit(f"--shared + 2 * --only must be at most {len(pairs):,} (the corpus part)")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(pairs))
    both = pairs.iloc[order[:shared]]
    a_only = pairs.iloc[order[shared : shared + only]]
    b_only = pairs.iloc[order[shared + only : shared + 2 * only]]
    a = pd.concat([both, a_only]).sample(frac=1, random_state=seed)
    b = pd.concat([both, b_only]).sample(frac=1, random_state=seed + 1)
    la = pd.DataFrame({"name": a["persian"].to_numpy()})
    lb = pd.DataFrame({"name": b["latin"].to_numpy()})
    ta = pd.Series(a["pair"].astype(str).to_numpy())
    tb = pd.Series(b["pair"].astype(str).to_numpy())
    return la, lb, ta, tb


def blocking_report(work: Path, ta: pd.Series, tb: pd.Series) -> dict[str, Any]:
    """Pair completeness of the prediction blocking rules on the linked project in ``work``.

    The feature table is rebuilt from the stored records exactly as ``Project.link()``
    builds it; each rule's true pairs are counted, and the pairs no rule proposes are
    returned with their names and skeletons.
    """
    import duckdb

    from undercount.link.evaluate import blocking_recall, rule_condition
    from undercount.link.settings import (
        PREDICTION_BLOCKING,
        prepare_features,
        record_columns,
    )
    from undercount.store.project import Project

    p = Project.open(work / "real.duckdb")
    try:
        cols = ", ".join(f"r.{c}" for c in record_columns(p.con))
        records = p.con.execute(
            f"SELECT {cols}, s.name AS list, r.row_number AS list_row FROM records r "
            "JOIN sources s ON s.id = r.source_id ORDER BY r.id"
        ).df()
    finally:
        p.close()
    truth = {"A": ta, "B": tb}
    entity = pd.Series(
        [
            truth[s].iloc[int(n) - 1]
            for s, n in zip(records["list"], records["list_row"], strict=True)
        ],
        index=records.index,
    )
    features = prepare_features(records.drop(columns=["list", "list_row"]))
    entity = entity.set_axis(features.index)
    overall = blocking_recall(features, entity)
    per_rule = {r[0]: blocking_recall(features, entity, (r,))["found"] for r in PREDICTION_BLOCKING}

    # The true pairs no rule proposes.
    rules = PREDICTION_BLOCKING
    f = features.assign(entity=entity.to_numpy(), name=records["name"].to_numpy())
    con = duckdb.connect()
    try:
        con.register("f", f)
        agree = " OR ".join(f"({rule_condition(rule)})" for rule in rules)
        missed = con.execute(
            "SELECT l.name AS name_l, r.name AS name_r, l.name_skel AS skel_l, "
            "r.name_skel AS skel_r, l.name_key AS key_l, r.name_key AS key_r FROM f l "
            "JOIN f r ON l.entity = r.entity AND l.unique_id < r.unique_id "
            f"WHERE NOT coalesce({agree}, false)"
        ).df()
    finally:
        con.close()

    def flat(s: Any) -> str | None:
        return None if s is None or s is pd.NA else str(s).replace(" ", "")

    same_flat = sum(
        1
        for x, y in zip(missed["skel_l"], missed["skel_r"], strict=True)
        if flat(x) is not None and flat(x) == flat(y)
    )
    return {
        **overall,
        "per_rule": per_rule,
        "missed": len(missed),
        "missed_same_flat_skeleton": same_flat,
        "missed_pairs": missed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["dev", "holdout"], default="holdout")
    ap.add_argument("--shared", type=int, default=1000, help="people in both lists")
    ap.add_argument("--only", type=int, default=500, help="people in one list only (each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-peer", action="store_true", help="skip plain Splink")
    ap.add_argument("--show-missed", type=int, default=0, help="list this many unblocked pairs")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)

    lr = _link_real()
    pairs = pd.read_csv(REAL / CORPUS.format(part=args.part), dtype=str, keep_default_na=False)
    la, lb, ta, tb = build_lists(pairs, args.shared, args.only, args.seed)
    print(
        f"Iran Memorial {args.part}: list A {len(la):,} Persian names, list B {len(lb):,} "
        f"Latin names, {args.shared:,} people in both (seed {args.seed})"
    )
    result: dict[str, Any] = {"part": args.part, "seed": args.seed, "rows": [len(la), len(lb)]}
    work = Path(tempfile.mkdtemp(prefix="uc-cross-"))
    try:
        t = time.perf_counter()
        lab_a, lab_b, t_import, summary = lr.run_undercount(la, lb, work)
        t_link = time.perf_counter() - t - t_import
        pw = lr.score(lab_a, lab_b, ta, tb)
        print(lr._line("undercount", pw, t_link, f"   (+{t_import:.1f} s import)"))
        result["undercount"] = {
            **pw,
            "seconds": t_link,
            "pairs_scored": summary.get("pairs_scored"),
        }
        block = blocking_report(work, ta, tb)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    t = time.perf_counter()
    ea, eb = lr.run_exact(la, lb)
    pe = lr.score(ea, eb, ta, tb)
    print(lr._line("exact-name join", pe, time.perf_counter() - t))
    result["exact"] = pe
    if not args.no_peer:
        t = time.perf_counter()
        note = ""
        try:
            sa, sb = lr.run_plain_splink(la, lb, args.seed)
        except Exception as exc:  # noqa: BLE001 - the peer failing is a result too
            # Every record its own person: what a user is left with when Splink stops.
            sa, sb = np.arange(len(la)), np.arange(len(la), len(la) + len(lb))
            note = f"   (failed: {type(exc).__name__}: {str(exc)[:60]})"
        ps = lr.score(sa, sb, ta, tb)
        print(lr._line("plain Splink", ps, time.perf_counter() - t, note))
        result["splink"] = ps
    print(
        f"blocking pair completeness {block['recall']:.4f}: {block['found']:,} of "
        f"{block['true_pairs']:,} true pairs proposed, {block['candidate_pairs']:,} candidate "
        f"pairs; {block['missed']:,} never compared, {block['missed_same_flat_skeleton']:,} "
        "of them with skeletons equal once spaces are removed"
    )
    print(
        "  true pairs proposed by each rule: "
        + ", ".join(f"{k} {v:,}" for k, v in block["per_rule"].items() if v)
    )
    if args.show_missed:
        for row in block["missed_pairs"].head(args.show_missed).itertuples():
            print(f"  missed: {row.name_l} | {row.name_r}   [{row.skel_l}] [{row.skel_r}]")
    result["blocking"] = {k: v for k, v in block.items() if k != "missed_pairs"}
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(_HERE.parent / "src"))
    raise SystemExit(main())
