"""Learn the default m-probabilities of the linkage model from corpora with a known truth.

    python scripts/link_priors.py [--out src/undercount/link/priors.json] [--data DIR]

For every comparison level of :func:`undercount.link.settings.comparisons`, the share of true
matching pairs that fall in it (its m-probability) is measured on each corpus from the
labelled pairs (every pair of records of one true entity), then averaged over the corpora
where the comparison is observed. Corpora:

* ``gaza-ar``, ``gaza-en``, ``gaza-ar-en``: 2,500 x 2,500 rows of two releases of the Gaza
  Ministry of Health list (1,800 identities in both; Arabic names on both sides, English
  renderings on both sides, Arabic on one side and English on the other), Tech for
  Palestine, public domain (``../shared/data/real/gaza/README.md``); name, age and sex.
  Drawn only from the fifth of identity numbers reserved for the priors
  (``benchmarks/link_real.py``'s ``prior_identity``): the benchmark's cells and the
  real-data tests never draw or score these identities, so the priors are never scored on
  the people they were learned from.
* ``simulated``: ``undercount.simulate(victims=3000, lists=4, seed=11)`` (all fields).

The result is written with its provenance; :mod:`undercount.link.train` starts EM from these
values and falls back to them where EM cannot train a comparison or finds an implausible one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

HEDGE = 0.1  # share of each prior spread evenly over its levels
MIN_PAIRS = 200  # fewer observed labelled pairs and a corpus says nothing about a comparison


def _project_from_lists(work: Path, lists: dict[str, pd.DataFrame], truths: dict[str, pd.Series]):
    from undercount.store.project import Project

    p = Project.create(work / "corpus.duckdb", user="priors")
    for name, d in lists.items():
        d.to_csv(work / f"{name}.csv", index=False)
        p.import_list(work / f"{name}.csv", source=name, lenient=True)
    rows = p.con.execute(
        "SELECT r.id, s.name AS source, r.row_number AS row FROM records r "
        "JOIN sources s ON s.id = r.source_id ORDER BY r.id"
    ).df()
    rows["truth"] = [
        truths[s].iloc[r - 1] for s, r in zip(rows["source"], rows["row"], strict=True)
    ]
    return p, rows


def measure(p, rows: pd.DataFrame) -> dict[str, dict]:
    """m per level (and labelled pairs observed) of every comparison on one corpus."""
    from undercount.link import settings as st
    from undercount.link import train as tr

    recs = p.con.execute(f"SELECT {', '.join(st.RECORD_COLUMNS)} FROM records ORDER BY id").df()
    feats = st.prepare_features(recs)
    t = rows.dropna(subset=["truth"])[["id", "truth"]]
    pairs = t.merge(t, on="truth")
    pairs = pairs[pairs["id_x"] < pairs["id_y"]]
    labels = pd.DataFrame({"unique_id_l": pairs["id_x"], "unique_id_r": pairs["id_y"]})
    cols = ["unique_id", "source_id", *st.COMPARED_COLUMNS]
    with tr.captured_splink_warnings():
        linker = tr.make_linker(feats[cols], settings=st.settings_creator(blocking=()))
        tab = linker._db_api.register(
            labels.assign(source_dataset_l="records", source_dataset_r="records")
        )
        # The count of labelled pairs per level, for the "observed" test.
        linker.training.estimate_m_from_pairwise_labels(tab)
    out: dict[str, dict] = {}
    fl = feats.set_index("unique_id")
    for comp in linker._settings_obj.comparisons:
        levels = [lv for lv in comp.comparison_levels if not lv.is_null_level]
        m = [lv._m_probability if isinstance(lv._m_probability, float) else 0.0 for lv in levels]
        col = st.COMPARISON_COLUMNS[comp.output_column_name][0]
        both = (
            fl[col].reindex(labels["unique_id_l"]).notna().to_numpy()
            & fl[col].reindex(labels["unique_id_r"]).notna().to_numpy()
        )
        out[comp.output_column_name] = {
            "labels": [lv.label_for_charts for lv in levels],
            "m": m,
            "pairs": int(both.sum()),
        }
    return out


def corpora(data: Path, seed: int):
    from link_real import list_frame, load_releases, sample_pair

    from undercount.simulate import simulate

    a, b = load_releases(data)
    sa, sb = sample_pair(a, b, 2500, 1800, seed, priors=True)

    def truth(d: pd.DataFrame) -> pd.Series:
        return d["id"].where(d["id"].str.fullmatch(r"\d+")).reset_index(drop=True)

    for name, la, lb in (
        ("gaza-ar", list_frame(sa), list_frame(sb)),
        ("gaza-en", list_frame(sa, english=True), list_frame(sb, english=True)),
        ("gaza-ar-en", list_frame(sa), list_frame(sb, english=True)),
    ):
        yield name, {"A": la, "B": lb}, {"A": truth(sa), "B": truth(sb)}
    with tempfile.TemporaryDirectory() as tmp:
        sim = simulate(Path(tmp), victims=3000, lists=4, seed=11)
        lists, truths = {}, {}
        for name in sorted(sim.lists):
            lists[name] = pd.read_csv(Path(tmp) / f"{name}.csv", dtype=str, keep_default_na=False)
            tr_ = sim.truth[sim.truth["source"] == name].set_index("row")["victim_id"]
            truths[name] = (
                tr_.reindex(np.arange(1, len(lists[name]) + 1)).astype(str).reset_index(drop=True)
            )
        yield "simulated", lists, truths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", type=Path, default=ROOT / "src" / "undercount" / "link" / "priors.json"
    )
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "real" / "gaza")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    measured: dict[str, dict] = {}
    for name, lists, truths in corpora(args.data, args.seed):
        with tempfile.TemporaryDirectory() as tmp:
            p, rows = _project_from_lists(Path(tmp), lists, truths)
            measured[name] = measure(p, rows)
            p.close()
        print(name, {k: v["pairs"] for k, v in measured[name].items()})  # noqa: T201
    comps: dict[str, dict] = {}
    for comp in next(iter(measured.values())):
        used = {k: v[comp] for k, v in measured.items() if v[comp]["pairs"] >= MIN_PAIRS}
        labels = next(iter(measured.values()))[comp]["labels"]
        if used:
            m = np.mean([np.array(v["m"]) for v in used.values()], axis=0)
        else:
            m = np.full(len(labels), 1.0 / len(labels))
        # Hedge: real lists have more errors than these corpora show (an age off by ten
        # years, a wrong sex), so a tenth of the mass is spread evenly over the levels; no
        # level is then impossible among matches.
        m = (1 - HEDGE) * m / m.sum() + HEDGE / len(m)
        comps[comp] = {
            "levels": labels,
            "m": [round(float(x), 5) for x in m],
            "corpora": {
                k: {"pairs": v["pairs"], "m": [round(x, 5) for x in v["m"]]}
                for k, v in used.items()
            },
        }
    out = {
        "about": (
            "Default m-probabilities (share of true matches per comparison level), measured on "
            "labelled pairs by scripts/link_priors.py and averaged over the corpora that "
            "observe each comparison (a uniform distribution where none does), with a tenth of "
            "the mass spread evenly over the levels."
        ),
        "provenance": {
            "gaza-ar, gaza-en, gaza-ar-en": (
                "Gaza Ministry of Health lists of 2024-04-13 and 2024-08-08 as transcribed by "
                "Tech for Palestine (TechForPalestine/palestine-datasets, commit 9ea6456f), "
                "public domain; 2,500 x 2,500 rows, 1,800 identities shared, seed "
                f"{args.seed}, drawn only from the identity numbers reserved for the priors "
                "(first byte of their SHA-256 modulo 5 is 0; benchmarks/link_real.py "
                "prior_identity), which no benchmark cell or test draws or scores; identity "
                "number as truth (never a linkage field)."
            ),
            "simulated": "undercount.simulate(victims=3000, lists=4, seed=11): synthetic.",
        },
        "comparisons": comps,
    }
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")  # noqa: T201


if __name__ == "__main__":
    main()
