"""Hostile input: every importer and document reader either raises a clear IngestError or
returns a correct result: never another exception, never a hang, never a partial write.

Two parts:

* the corpus of malformed files (tests/security/make_corpus.py: truncated XLSX/ZIP, zip bombs,
  deeply nested JSON, 100 MB fields, invalid UTF-8, mixed encodings, formula injection, PDFs
  with broken xref, HTML with scripts, ...), each run in its own process (forked from a
  preloaded fork server) under a time limit and a 4 GiB address-space limit; list files are
  also imported into a fresh project to check that a refused file writes nothing;
* property-based fuzzing with Hypothesis: random CSV/JSON/bytes/mutated XLSX, PDF, DOCX and HTML.

Usage::

    python benchmarks/fuzz.py                  # full corpus + 20,000 generated inputs, prints counts
    python benchmarks/fuzz.py --examples 500 --no-big

The test suite runs the corpus without the largest cases and ~1,500 generated inputs
(tests/security/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import signal
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_PRELOAD = [
    "pandas",
    "openpyxl",
    "duckdb",
    "undercount.store.project",
    "undercount.intake.lists",
    "undercount.normalize",
]
MEMORY_LIMIT = 4 * 1024**3


class Hang(BaseException):  # noqa: N818 - BaseException so that readers' `except Exception` cannot hide it
    """A reader ran past its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang after ``seconds`` (main thread only; Python-level loops)."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no result after {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------ one input


def read_list(data: bytes, name: str) -> tuple[str, str]:
    """read_table + map_columns + build_records on one input -> (outcome, detail)."""
    from undercount.errors import IngestError
    from undercount.intake.lists import build_records, map_columns, read_table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            table = read_table(name, data)
            cols = map_columns(table.headers, None, name)
            frame, _ = build_records(table, cols, name)
        except IngestError as exc:
            return "ingest_error", str(exc)[:300]
    n = frame.num_rows
    if n != table.n_rows:
        return "wrong", f"{table.n_rows} rows read but {n} records built"
    if not n:
        return "empty", "no data rows"
    names = frame.column("name").to_pylist()
    shown = " | ".join(str(v)[:60] for v in names[:20])
    return "ok", f"{n} records: {shown}"


def read_doc(data: bytes, name: str) -> tuple[str, str]:
    from undercount.errors import IngestError
    from undercount.intake.documents import read_document

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = read_document(data, name)
        except IngestError as exc:
            return "ingest_error", str(exc)[:300]
    if not isinstance(doc.text, str):
        return "wrong", "text is not a string"
    return "ok", doc.text


def import_into_fresh_project(path: Path, workdir: Path) -> tuple[str, str]:
    """import_list into a new project: a refused file must leave the project unchanged."""
    from undercount.errors import IngestError
    from undercount.store.project import Project

    db = workdir / "fuzz.duckdb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Project.create(db) as p:
            before = p.counts()
            try:
                res = p.import_list(path, "Fuzz")
            except IngestError as exc:
                after = p.counts()
                if after != before:
                    return "partial_write", f"counts {before} -> {after}"
                outcome, detail = "ingest_error", str(exc)[:300]
            else:
                n = p.counts()["records"]
                if n != res.added or res.rows != res.added:
                    return "partial_write", f"{res.rows} rows, {res.added} added, {n} stored"
                outcome, detail = "ok", f"{n} records"
            rep = p.verify_audit()
            if not rep.ok:
                return "audit", "; ".join(rep.problems)
    return outcome, detail


def _child(kind: str, path: str, name: str, out: str) -> None:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    data = Path(path).read_bytes()
    try:
        if kind == "list":
            outcome, detail = read_list(data, name)
            if outcome in ("ok", "ingest_error", "empty"):
                wd = Path(out).parent / (Path(out).name + ".proj")
                wd.mkdir()
                target = wd / name
                target.write_bytes(data)
                o2, d2 = import_into_fresh_project(target, wd)
                if outcome == "empty" and o2 == "ingest_error":  # import_list: "no data rows"
                    outcome, detail = o2, d2
                elif o2 not in ("ok", "ingest_error") or o2 != outcome:
                    outcome, detail = (
                        o2 if o2 not in ("ok", "ingest_error") else "wrong",
                        (f"read_table gave {outcome}, import_list gave {o2}: {d2}"),
                    )
        else:
            outcome, detail = read_doc(data, name)
    except MemoryError:
        outcome, detail = "memory", "MemoryError (over the 4 GiB limit)"
    except Exception as exc:  # noqa: BLE001 - any other exception is the finding
        outcome, detail = "crash", f"{type(exc).__name__}: {str(exc)[:300]}"
    Path(out).write_text(json.dumps({"outcome": outcome, "detail": detail}), encoding="utf-8")


@dataclass
class CaseResult:
    name: str
    target: str
    expect: str
    outcome: str
    detail: str
    seconds: float

    @property
    def passed(self) -> bool:
        if self.outcome not in ("ok", "ingest_error"):
            return False
        return self.expect == "either" or (self.expect == "error") == (
            self.outcome == "ingest_error"
        )


def run_corpus(cases: list[Any], workdir: Path | None = None) -> list[CaseResult]:
    """Run every corpus case in its own process under its time limit."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    own = None
    if workdir is None:
        own = tempfile.TemporaryDirectory(prefix="undercount-fuzz-")
        workdir = Path(own.name)
    results = []
    try:
        for i, case in enumerate(cases):
            d = workdir / f"c{i}"
            d.mkdir()
            path = d / case.name
            path.write_bytes(case.make())
            out = d / "result.json"
            t0 = time.monotonic()
            proc = ctx.Process(target=_child, args=(case.target, str(path), case.name, str(out)))
            proc.start()
            proc.join(case.time_limit)
            secs = time.monotonic() - t0
            if proc.is_alive():
                proc.kill()
                proc.join(10)
                res = CaseResult(
                    case.name,
                    case.target,
                    case.expect,
                    "hang",
                    f"no result after {case.time_limit:.0f} s",
                    secs,
                )
            elif not out.exists():
                res = CaseResult(
                    case.name, case.target, case.expect, "died", f"exit code {proc.exitcode}", secs
                )
            else:
                r = json.loads(out.read_text(encoding="utf-8"))
                detail = r["detail"]
                if case.forbid and case.forbid in detail:
                    r["outcome"], detail = "wrong", f"result contains '{case.forbid}'"
                res = CaseResult(
                    case.name, case.target, case.expect, r["outcome"], detail[:300], secs
                )
            results.append(res)
            path.unlink()
    finally:
        if own is not None:
            own.cleanup()
    return results


# ------------------------------------------------------------------ generated inputs

FA = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئيكةۀ‌۰۱۲۳۴۵۶۷۸۹ "
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'."
SPECIAL = ",;\t|\"'\n\r=+@-\\\x00\ufeff\u200c\u200f\u202e"


def strategies() -> dict[str, Any]:
    from hypothesis import strategies as st

    cell = st.text(alphabet=st.sampled_from(FA + LATIN + SPECIAL), max_size=30)
    header = st.sampled_from(
        [
            "Full name",
            "name",
            "نام و نام خانوادگی",
            "City",
            "Age",
            "Sex",
            "Date of death",
            "سن",
            "تاریخ",
            "notes",
            "violation",
            "x",
            "",
        ]
    )
    csv_text = st.builds(
        lambda hs, rows, sep, nl: nl.join([sep.join(hs)] + [sep.join(r) for r in rows]),
        st.lists(header, min_size=1, max_size=6).map(lambda hs: ["Full name", *hs[1:]]),
        st.lists(st.lists(cell, min_size=0, max_size=7), max_size=8),
        st.sampled_from([",", ";", "\t", "|"]),
        st.sampled_from(["\n", "\r\n", "\r"]),
    )
    encoded = st.builds(
        lambda t, enc: t.encode(enc, errors="ignore"),
        csv_text,
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"]),
    )
    json_val = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | cell,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(header | cell, children, max_size=4)
        ),
        max_leaves=20,
    )
    json_bytes = st.builds(lambda v: json.dumps(v, ensure_ascii=False).encode(), json_val)
    records_json = st.builds(
        lambda rows: json.dumps(rows, ensure_ascii=False).encode(),
        st.lists(st.dictionaries(header, st.none() | st.integers() | cell, max_size=5), max_size=6),
    )
    html = st.builds(
        lambda parts: ("<html><body>" + "".join(parts) + "</body></html>").encode(),
        st.lists(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<div>",
                    "<script>",
                    "</script>",
                    "<b>",
                    "<table><tr><td>",
                    "<!--",
                    "-->",
                    "<![CDATA[",
                    "&amp;",
                    "&#0;",
                    "&#x110000;",
                    "<meta charset='cp1256'>",
                    "<style>",
                    "</style>",
                ]
            )
            | cell,
            max_size=30,
        ),
    )
    return {
        "csv": encoded,
        "json": json_bytes,
        "records_json": records_json,
        "html": html,
        "bytes": st.binary(max_size=2000),
    }


def mutate(base: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """Apply (kind, position, value) mutations: flip a byte, truncate, insert, delete."""
    b = bytearray(base)
    for kind, pos, val in ops:
        if not b:
            break
        p = pos % len(b)
        if kind == 0:
            b[p] ^= (val % 255) + 1
        elif kind == 1:
            del b[p:]
        elif kind == 2:
            b[p:p] = bytes([val % 256]) * (val % 7 + 1)
        else:
            del b[p : p + val % 64 + 1]
    return bytes(b)


def check_list_property(data: bytes, name: str, limit: float = 10.0) -> str:
    """The property every list input must satisfy; returns the outcome (raises on failure)."""
    with time_limit(limit):
        outcome, detail = read_list(data, name)
    assert outcome in ("ok", "ingest_error", "empty"), (outcome, detail)
    return outcome


def check_document_property(
    data: bytes, name: str, limit: float = 10.0, forbid: str | None = None
) -> str:
    with time_limit(limit):
        outcome, detail = read_doc(data, name)
    assert outcome in ("ok", "ingest_error"), (outcome, detail)
    if forbid and outcome == "ok":
        assert forbid not in detail, detail[:200]
    return outcome


@dataclass
class FuzzCounts:
    examples: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)


def seeds() -> dict[str, bytes]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.security.make_corpus import _docx, _pdf, _valid_xlsx

    return {"xlsx": _valid_xlsx(), "pdf": _pdf(), "docx": _docx(["Kian Rostami, Karaj."])}


def run_properties(examples: int, counts: FuzzCounts | None = None) -> FuzzCounts:
    """Run every property with ``examples`` generated inputs each (Hypothesis)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    counts = counts or FuzzCounts()
    s = strategies()
    base = seeds()
    cfg = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    ops = st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.integers(0, 255)),
        min_size=1,
        max_size=4,
    )

    def tally(kind: str, outcome: str) -> None:
        counts.examples[kind] += 1
        counts.outcomes[f"{kind}:{outcome}"] += 1

    @cfg
    @given(s["csv"], st.sampled_from(["x.csv", "x.tsv", "x.txt"]))
    def csv_prop(data: bytes, name: str) -> None:
        tally("csv", check_list_property(data, name))

    @cfg
    @given(s["json"] | s["records_json"], st.sampled_from(["x.json", "x.jsonl"]))
    def json_prop(data: bytes, name: str) -> None:
        tally("json", check_list_property(data, name))

    @cfg
    @given(s["bytes"], st.sampled_from(["x.csv", "x.json", "x.xlsx", "x.tab", "x.bin"]))
    def bytes_list_prop(data: bytes, name: str) -> None:
        tally("bytes-list", check_list_property(data, name))

    @cfg
    @given(ops)
    def xlsx_prop(o: list[tuple[int, int, int]]) -> None:
        tally("xlsx-mutated", check_list_property(mutate(base["xlsx"], o), "x.xlsx"))

    @cfg
    @given(s["html"])
    def html_prop(data: bytes) -> None:
        tally("html", check_document_property(data, "x.html", forbid="alert('fz')"))

    @cfg
    @given(s["bytes"], st.sampled_from(["x.html", "x.pdf", "x.docx", "x.txt", "x.md", "x"]))
    def bytes_doc_prop(data: bytes, name: str) -> None:
        tally("bytes-document", check_document_property(data, name))

    @cfg
    @given(ops, st.sampled_from(["pdf", "docx"]))
    def doc_mutated_prop(o: list[tuple[int, int, int]], kind: str) -> None:
        tally(f"{kind}-mutated", check_document_property(mutate(base[kind], o), f"x.{kind}"))

    for prop in (
        csv_prop,
        json_prop,
        bytes_list_prop,
        xlsx_prop,
        html_prop,
        bytes_doc_prop,
        doc_mutated_prop,
    ):
        prop()
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=3000, help="generated inputs per property")
    ap.add_argument("--no-big", action="store_true", help="skip zip bombs and 100 MB fields")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.security.make_corpus import corpus

    t = time.monotonic()
    results = run_corpus(corpus(big=not args.no_big))
    failed = [r for r in results if not r.passed]
    print(
        f"corpus: {len(results)} malformed files, {len(results) - len(failed)} handled "
        f"({Counter(r.outcome for r in results)}) in {time.monotonic() - t:.0f} s"
    )
    for r in failed:
        print(
            f"  FAIL {r.name} ({r.target}, expected {r.expect}): {r.outcome}: {r.detail[:160]}"
            f" [{r.seconds:.1f} s]"
        )
    t = time.monotonic()
    failures = 0
    try:
        counts = run_properties(args.examples)
    except Exception as exc:  # noqa: BLE001 - print the falsifying example and go on
        failures += 1
        print(f"generated inputs: FAILED: {type(exc).__name__}: {str(exc)[:500]}")
        counts = None
    if counts is not None:
        print(
            f"generated inputs: {sum(counts.examples.values())} in {time.monotonic() - t:.0f} s,"
            f" all IngestError or a correct result"
        )
        for k, v in sorted(counts.examples.items()):
            print(
                f"  {k}: {v}  "
                + ", ".join(
                    f"{o.split(':', 1)[1]}={n}"
                    for o, n in sorted(counts.outcomes.items())
                    if o.startswith(k + ":")
                )
            )
    return 1 if failed or failures else 0


if __name__ == "__main__":
    sys.exit(main())
