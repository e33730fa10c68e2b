"""Clustering scored pairs into persons, with constraints.

Connected components at a threshold chain records together: A~B and B~C puts A and C in one
person even when A and C are plainly different people. The clustering here is a greedy,
constrained variant (Kruskal order: strongest pair first) with three guards:

* **one record per source** — a cluster may hold two records of the same source only when the
  model scores that very pair as a duplicate (probability at or above ``duplicate_threshold``)
  or a reviewer said they match. A merge that would break this is refused.
* **cannot-link** — two records a reviewer said are different never end up together.
* **must-link** — two records a reviewer said match are merged first, whatever the score.

Incremental linking passes ``fixed``: existing persons that must not be relabelled. A fixed
cluster can absorb free (new) records, but two fixed clusters are never merged by the model
(only by a reviewer's must-link).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class _Cluster:
    members: list[int]
    by_source: dict[Hashable, list[int]]
    fixed: int | None = None  # person id of an untouched existing person
    confidence: float = 1.0
    constrained: list[int] = field(default_factory=list)  # members with cannot-links


@dataclass
class Clustering:
    """The result: ``assignment`` maps record id -> cluster key; plus per-cluster data.

    Attributes
    ----------
    assignment : dict
        Record id -> cluster key (the smallest record id of the cluster).
    confidence : dict
        Cluster key -> confidence in [0, 1] (the weakest link that joined it; for a single
        record, one minus its strongest pair below the threshold).
    fixed : dict
        Cluster key -> the existing person id it continues (absent for new clusters).
    refused : int
        Merges refused by the constraints.
    """

    assignment: dict[int, int]
    confidence: dict[int, float]
    fixed: dict[int, int]
    refused: int = 0

    def frame(self) -> pd.DataFrame:
        """``record_id``, ``cluster`` (key) and ``confidence`` as a DataFrame."""
        rid = np.fromiter(self.assignment.keys(), dtype=np.int64, count=len(self.assignment))
        key = np.fromiter(self.assignment.values(), dtype=np.int64, count=len(self.assignment))
        conf = np.array([self.confidence[k] for k in key.tolist()], dtype=float)
        return pd.DataFrame({"record_id": rid, "cluster": key, "confidence": conf})


def _simple_pairs(
    left: np.ndarray, right: np.ndarray, source_of: Mapping[int, Hashable], special: set[int]
) -> np.ndarray:
    """Mask of pairs that form a component of exactly two records of different sources,
    neither of them under a constraint: they merge whatever the order (fast path)."""
    if not len(left):
        return np.zeros(0, dtype=bool)
    ids, inverse = np.unique(np.concatenate([left, right]), return_inverse=True)
    n = len(left)
    li, ri = inverse[:n], inverse[n:]
    degree = np.bincount(inverse, minlength=len(ids))
    mask = (degree[li] == 1) & (degree[ri] == 1)
    for i in np.flatnonzero(mask).tolist():
        a, b = int(left[i]), int(right[i])
        if (
            a in special
            or b in special
            or source_of.get(a) == source_of.get(b)
            or a not in source_of
            or b not in source_of
        ):
            mask[i] = False
    return mask


def _pairs(items: Iterable[tuple[int, int]] | None) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for a, b in items or ():
        a, b = int(a), int(b)
        if a != b:
            out.add((a, b) if a < b else (b, a))
    return out


def cluster_records(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    threshold: float = 0.5,
    duplicate_threshold: float | None = None,
    must_link: Iterable[tuple[int, int]] | None = None,
    cannot_link: Iterable[tuple[int, int]] | None = None,
    fixed: Mapping[int, int] | None = None,
    min_mean: float | None = None,
) -> Clustering:
    """Cluster records from scored pairs under the constraints described in the module.

    Parameters
    ----------
    records : DataFrame
        ``record_id`` and ``source_id`` of every record to cluster.
    pairs : DataFrame
        ``record_id_l``, ``record_id_r``, ``match_probability`` (any order, any threshold).
    threshold : float
        Pairs at or above it may join clusters.
    duplicate_threshold : float, optional
        Score a same-source pair needs to share a cluster (default ``threshold``).
    must_link, cannot_link : iterable of (int, int), optional
        Reviewers' decisions.
    fixed : mapping, optional
        Record id -> existing person id, for records whose person must stay as it is.
    min_mean : float, optional
        Average-linkage guard: two clusters merge only if the mean match probability over
        all their record pairs (unscored pairs count as 0) reaches it. Stops a chain A~B~C
        where A and C plainly differ.

    Returns
    -------
    Clustering
    """
    dup_thr = threshold if duplicate_threshold is None else duplicate_threshold
    fixed = dict(fixed or {})
    rec_ids = records["record_id"].astype("int64").tolist()
    sources = records["source_id"].tolist()
    source_of: dict[int, Hashable] = dict(zip(rec_ids, sources, strict=True))
    # Union-find over the records that take part in a merge; every other record stays a
    # cluster of its own (created lazily: most records of a large run never merge).
    parent: dict[int, int] = {}
    clusters: dict[int, _Cluster] = {}

    def cluster_of(root: int) -> _Cluster:
        c = clusters.get(root)
        if c is None:
            c = clusters[root] = _Cluster([root], {source_of[root]: [root]})
        return c

    def find(x: int) -> int:
        root = x
        while (up := parent.get(root, root)) != root:
            root = up
        while x != root:
            up = parent.get(x, x)
            parent[x] = root
            x = up
        return root

    # Existing persons start as whole clusters.
    by_person: dict[int, list[int]] = defaultdict(list)
    for r, pid in fixed.items():
        if r in source_of:
            by_person[pid].append(r)
    for pid, members in by_person.items():
        members.sort()
        root = members[0]
        head = cluster_of(root)
        for m in members[1:]:
            parent[m] = root
            c = clusters.pop(m, None) or _Cluster([m], {source_of[m]: [m]})
            head.members += c.members
            for s, ms in c.by_source.items():
                head.by_source.setdefault(s, []).extend(ms)
        head.fixed = pid

    must = {p for p in _pairs(must_link) if p[0] in source_of and p[1] in source_of}
    cannot = {p for p in _pairs(cannot_link) if p[0] in source_of and p[1] in source_of} - must
    cannot_of: dict[int, set[int]] = defaultdict(set)
    for a, b in cannot:
        cannot_of[a].add(b)
        cannot_of[b].add(a)
    for r in cannot_of:
        cluster_of(find(r)).constrained.append(r)

    p = pairs
    if len(p):
        ids_l = p["record_id_l"].astype("int64").to_numpy()
        ids_r = p["record_id_r"].astype("int64").to_numpy()
        prob = p["match_probability"].astype(float).to_numpy()
    else:
        ids_l = ids_r = np.empty(0, dtype=np.int64)
        prob = np.empty(0)
    dup_ok: set[tuple[int, int]] = set(must)
    best_below: dict[int, float] = {}
    keep = prob >= dup_thr
    for a, b in zip(ids_l[keep].tolist(), ids_r[keep].tolist(), strict=True):
        dup_ok.add((a, b) if a < b else (b, a))
    below = prob < threshold
    for a, b, q in zip(
        ids_l[below].tolist(), ids_r[below].tolist(), prob[below].tolist(), strict=True
    ):
        if q > best_below.get(a, 0.0):
            best_below[a] = q
        if q > best_below.get(b, 0.0):
            best_below[b] = q

    refused = 0
    score: dict[tuple[int, int], float] = {}
    if min_mean is not None:
        for a, b, q in zip(ids_l.tolist(), ids_r.tolist(), prob.tolist(), strict=True):
            score[(a, b) if a < b else (b, a)] = q

    def can_merge(ra: int, rb: int, human: bool) -> bool:
        a, b = cluster_of(ra), cluster_of(rb)
        if a.fixed is not None and b.fixed is not None and not human:
            return False
        small, big = (a, rb) if len(a.constrained) <= len(b.constrained) else (b, ra)
        for x in small.constrained:
            for y in cannot_of[x]:
                if find(y) == big:
                    return False
        if human:
            return True
        if min_mean is not None and (len(a.members) > 1 or len(b.members) > 1):
            total = 0.0
            for x in a.members:
                for y in b.members:
                    total += score.get((x, y) if x < y else (y, x), 0.0)
            if total < min_mean * len(a.members) * len(b.members):
                return False
        if len(a.by_source) > len(b.by_source):
            a, b = b, a
        for s, xs in a.by_source.items():
            ys = b.by_source.get(s)
            if ys:
                for x in xs:
                    for y in ys:
                        if ((x, y) if x < y else (y, x)) not in dup_ok:
                            return False
        return True

    def merge(ra: int, rb: int, q: float) -> None:
        a, b = cluster_of(ra), cluster_of(rb)
        if len(a.members) < len(b.members):
            ra, rb, a, b = rb, ra, b, a
        if b.fixed is not None:
            a.fixed = b.fixed if a.fixed is None else min(a.fixed, b.fixed)
        parent[rb] = ra
        a.members += b.members
        for s, ms in b.by_source.items():
            a.by_source.setdefault(s, []).extend(ms)
        a.constrained += b.constrained
        a.confidence = min(a.confidence, b.confidence, q)
        del clusters[rb]

    for x, y in sorted(must):
        rx, ry = find(x), find(y)
        if rx != ry:
            if can_merge(rx, ry, True):
                merge(rx, ry, 1.0)
            else:
                refused += 1
    order = np.argsort(-prob, kind="stable")
    order = order[prob[order] >= threshold]
    simple = _simple_pairs(
        ids_l[order],
        ids_r[order],
        source_of,
        set(fixed) | set(cannot_of) | {x for pr in must for x in pr},
    )
    quick: list[tuple[int, int, float]] = []
    if simple.any():
        quick = list(
            zip(
                ids_l[order][simple].tolist(),
                ids_r[order][simple].tolist(),
                prob[order][simple].tolist(),
                strict=True,
            )
        )
        order = order[~simple]
    for a, b, q in zip(
        ids_l[order].tolist(), ids_r[order].tolist(), prob[order].tolist(), strict=True
    ):
        if a not in source_of or b not in source_of:
            continue
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if can_merge(ra, rb, False):
            merge(ra, rb, q)
        else:
            refused += 1

    assignment: dict[int, int] = dict(zip(rec_ids, rec_ids, strict=True))
    confidence: dict[int, float] = {r: 1.0 - best_below.get(r, 0.0) for r in rec_ids}
    fixed_out: dict[int, int] = {}
    for a, b, q in quick:  # pairs alone in their component: nothing to check
        key = min(a, b)
        assignment[a] = assignment[b] = key
        confidence.pop(max(a, b), None)
        confidence[key] = q
    for c in clusters.values():
        key = min(c.members)
        for m in c.members:
            assignment[m] = key
        if len(c.members) > 1:
            for m in c.members:
                confidence.pop(m, None)
            confidence[key] = c.confidence
        if c.fixed is not None:
            fixed_out[key] = c.fixed
    return Clustering(assignment, confidence, fixed_out, refused)
