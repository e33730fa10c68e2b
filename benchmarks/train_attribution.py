"""Fit the learned source chooser on the development texts of the real set, reproducibly.

Usage::

    python benchmarks/train_attribution.py [--variant no_rules|all] [--with-synthetic] [--write]

For every figure the extractor finds in a **dev** text of the real evaluation set (held-out
texts are never read), the candidate sources of :mod:`undercount.extract.chooser` are listed
with their features; a candidate is right when it names the labelled source (the benchmark's
``same_actor``). A conditional logit (softmax over a figure's candidates, L2 penalty) is
fitted with L-BFGS; the penalty is chosen by 5-fold cross-validation over dev texts (folds by
text, fixed by id order). The script prints, for each penalty, the cross-validated share of
found dev figures given the right source, beside the rules' share on the same figures, and
``--write`` stores the weights fitted on all dev figures with the chosen penalty in
``src/undercount/extract/data/source_chooser.json``.

Variants: ``all`` uses every feature, the rules' own choice included; ``no_rules`` leaves
that feature out, so that the ranking rests on the general features alone (the default, and
the weights shipped: with the rules' choice as a feature the fit copies the rules).
``--with-synthetic`` adds the dev passages of the synthetic set to the training figures
(cross-validation still scores real dev texts only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract_quality import _claim_found, load, load_real, same_actor  # noqa: E402

from undercount.extract import _extract  # noqa: E402
from undercount.extract.chooser import FEATURES, RecordingChooser  # noqa: E402

OUT = ROOT / "src" / "undercount" / "extract" / "data" / "source_chooser.json"
PENALTIES = (0.01, 0.1, 1.0, 10.0)
FOLDS = 5

Group = tuple[np.ndarray, np.ndarray, str, bool]
"""One found figure: candidate features, which candidates are right, text id, rules right."""


def collect(passages: list[dict[str, Any]]) -> list[Group]:
    """Candidates and their labels for every found figure of ``passages``."""
    groups: list[Group] = []
    for ps in passages:
        rec = RecordingChooser()
        x = _extract(
            ps["text"],
            published_on=ps.get("published_on"),
            publisher=ps.get("publisher"),
            language=None,
            actors=None,
            chooser=rec,
        )
        predicted = x.to_dict()["claims"]
        assert len(predicted) == len(rec.records)
        used = [False] * len(predicted)
        for e in ps["claims"]:  # the benchmark's greedy one-to-one matching
            for i, p in enumerate(predicted):
                if not used[i] and _claim_found(e, p):
                    used[i] = True
                    ctx, cands = rec.records[i]
                    X = np.array([c.vector() for c in cands], dtype=float)
                    y = np.array([same_actor(e["attributed_to"], c.name) for c in cands])
                    groups.append((X, y, ps["id"], same_actor(e["attributed_to"], ctx.rules)))
                    break
    return groups


def _loss(w: np.ndarray, groups: list[Group], lam: float) -> tuple[float, np.ndarray]:
    total, grad = 0.5 * lam * float(w @ w), lam * w
    for X, y, _, _ in groups:
        if not y.any():
            continue
        s = X @ w
        s = s - s.max()
        p = np.exp(s)
        p /= p.sum()
        pos = p * y
        ppos = pos.sum()
        total -= float(np.log(ppos))
        # d(-log sum_pos p)/dw = E_p[x] - E_{p|pos}[x]
        grad = grad + X.T @ p - X.T @ (pos / ppos)
    return total, grad


def fit(groups: list[Group], lam: float, mask: np.ndarray) -> np.ndarray:
    """Weights of the conditional logit with L2 penalty ``lam`` over the features in ``mask``."""
    masked = [(X * mask, y, d, r) for X, y, d, r in groups]
    res = minimize(_loss, np.zeros(len(FEATURES)), args=(masked, lam), jac=True, method="L-BFGS-B")
    return np.asarray(res.x) * mask


def accuracy(groups: list[Group], w: np.ndarray) -> float:
    """Share of figures whose best-scoring candidate (first of equals) is right."""
    if not groups:
        return 1.0
    right = 0
    for X, y, _, _ in groups:
        right += bool(y[int(np.argmax(X @ w))])
    return right / len(groups)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variant", choices=["all", "no_rules"], default="no_rules")
    ap.add_argument("--write", action="store_true", help="store the weights in the package")
    ap.add_argument(
        "--with-synthetic",
        action="store_true",
        help="also train on the dev passages of the synthetic set (scored on real dev only)",
    )
    args = ap.parse_args()
    dev = [p for p in load_real() if p["split"] == "dev"]
    groups = collect(dev)
    extra: list[Group] = []
    if args.with_synthetic:
        synthetic = [dict(p, id=f"synthetic:{p['id']}") for p in load() if p["split"] == "dev"]
        extra = collect(synthetic)
        print(f"synthetic dev: {len(synthetic)} passages, {len(extra)} found figures (train only)")
    mask = np.ones(len(FEATURES))
    if args.variant == "no_rules":
        mask[FEATURES.index("rules")] = 0.0
    ids = sorted({g[2] for g in groups})
    fold_of = {d: i % FOLDS for i, d in enumerate(ids)}
    rules_acc = sum(g[3] for g in groups) / len(groups)
    reachable = sum(bool(g[1].any()) for g in groups) / len(groups)
    print(
        f"dev: {len(dev)} texts, {len(groups)} found figures, "
        f"{sum(len(g[1]) for g in groups)} candidates; a right candidate exists for "
        f"{reachable:.3f}; rules right on {rules_acc:.3f}"
    )
    cv: dict[float, float] = {}
    for lam in PENALTIES:
        right = 0.0
        for k in range(FOLDS):
            train = [g for g in groups if fold_of[g[2]] != k] + extra
            test = [g for g in groups if fold_of[g[2]] == k]
            right += accuracy(test, fit(train, lam, mask)) * len(test)
        cv[lam] = right / len(groups)
        print(f"  penalty {lam:>6}: cross-validated right {cv[lam]:.3f} (rules {rules_acc:.3f})")
    best = max(PENALTIES, key=lambda lam: (round(cv[lam], 6), lam))
    w = fit(groups + extra, best, mask)
    print(f"chosen penalty {best}; fitted on all dev figures: right {accuracy(groups, w):.3f}")
    for name, v in sorted(zip(FEATURES, w, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:<16}{v:+.3f}")
    if args.write:
        OUT.write_text(
            json.dumps(
                {
                    "model": "conditional logit over candidate sources (softmax per figure)",
                    "trained_on": "real evaluation set, dev split only",
                    "variant": args.variant,
                    "with_synthetic": args.with_synthetic,
                    "penalty": best,
                    "figures": len(groups),
                    "candidates": int(sum(len(g[1]) for g in groups)),
                    "cv_right": round(cv[best], 4),
                    "rules_right": round(rules_acc, 4),
                    "weights": {n: round(float(v), 4) for n, v in zip(FEATURES, w, strict=True)},
                },
                indent=1,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
