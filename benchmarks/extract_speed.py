"""Extraction speed: 1,000 news-length documents (about 600 words each), on N worker processes.

Usage::

    python benchmarks/extract_speed.py [--docs 1000] [--workers 2] [--seed 1]

Documents are assembled from the evaluation passages (the real excerpts and the synthetic
passages, English and Persian) and filler sentences full of distractor numbers, so every
document has claims, people, quotes and plenty of numbers that are not claims. Target: 1,000
documents in at most 30 s on 2 cores (issue 16). The single-process figure and, in the same
run, the trivial baseline of extract_quality.py (a number next to an outcome word) are
printed beside it. On a machine whose cores are shared, the figure is an upper bound.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FILLER = [
    "The city of {n} residents lies {k} kilometres from the provincial capital.",
    "Petrol prices rose by {p} percent overnight, from {a},000 to {b},000 rials a litre.",
    "The report, published in {y}, runs to {k} pages and cites {n} sources.",
    "Markets reopened on Sunday after {k} days of closures, traders said.",
    "Internet access was restored in {k} of the {m} provinces on {d} November.",
    "The council will meet again in {y} to discuss the budget of {n} billion rials.",
    "Witnesses described crowds of young men and women in the main square.",
    "The governor, speaking to local television, urged calm and called the protests illegal.",
    "Schools were closed for {k} days and {n} flights were cancelled.",
]


def make_documents(n: int, seed: int) -> list[tuple[str, str | None, str | None]]:
    rng = random.Random(seed)
    passages = []
    data = ROOT / "tests" / "data" / "extract"
    for p in [*sorted(data.glob("eval_*.jsonl")), *sorted((data / "real").glob("real_*.jsonl"))]:
        passages.extend(
            json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()
        )
    docs = []
    for _ in range(n):
        parts: list[str] = []
        words = 0
        while words < 600:
            if rng.random() < 0.45:
                ps = rng.choice(passages)
                s = ps["text"]
            else:
                s = rng.choice(FILLER).format(
                    n=rng.randint(2, 90000),
                    k=rng.randint(2, 99),
                    p=rng.randint(5, 300),
                    a=rng.randint(1, 20),
                    b=rng.randint(21, 40),
                    y=rng.randint(1990, 2024),
                    m=rng.randint(20, 31),
                    d=rng.randint(1, 28),
                )
            parts.append(s)
            words += len(s.split())
        docs.append(
            (
                "\n\n".join(" ".join(parts[i : i + 3]) for i in range(0, len(parts), 3)),
                "2019-12-16",
                "Example News",
            )
        )
    return docs


def _work(batch: list[tuple[str, str | None, str | None]]) -> tuple[int, int]:
    from undercount.extract import extract

    claims = 0
    for text, pub, publisher in batch:
        claims += len(extract(text, published_on=pub, publisher=publisher).claims)
    return len(batch), claims


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    docs = make_documents(args.docs, args.seed)
    words = sum(len(d[0].split()) for d in docs)
    print(
        f"{len(docs)} documents, {words / len(docs):.0f} words each on average; "
        f"{os.cpu_count()} CPUs here"
    )
    _work(docs[:5])  # warm up (imports, regex compilation, lexicons)
    t0, c0 = time.perf_counter(), time.process_time()
    _, claims = _work(docs[:200])
    single = (time.perf_counter() - t0) / 200 * len(docs)
    cpu = (time.process_time() - c0) / 200 * len(docs)
    print(
        f"1 process : {single:6.1f} s for {len(docs)} documents (extrapolated from 200); "
        f"CPU time {cpu:.1f} s, so {cpu / args.workers:.1f} s on {args.workers} free cores"
    )
    chunks = [docs[i :: args.workers * 8] for i in range(args.workers * 8)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as ex:
        results = list(ex.map(_work, chunks))
    wall = time.perf_counter() - t0
    n = sum(r[0] for r in results)
    claims = sum(r[1] for r in results)
    verdict = "OK" if wall <= 30 else "TOO SLOW"
    print(
        f"{args.workers} processes: {wall:6.1f} s for {n} documents ({n / wall:.0f} docs/s, "
        f"{claims} claims; target <= 30 s: {verdict}; includes worker start-up)"
    )
    sys.path.insert(0, str(ROOT))
    from benchmarks.extract_quality import baseline

    t0 = time.perf_counter()
    base_claims = sum(len(baseline(d[0], d[2])["claims"]) for d in docs[:200])
    base = (time.perf_counter() - t0) / 200 * len(docs)
    print(
        f"baseline  : {base:6.1f} s for {len(docs)} documents, 1 process (extrapolated from "
        f"200; {base_claims} claims in those 200)"
    )


if __name__ == "__main__":
    main()
