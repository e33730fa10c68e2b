"""Linkage commands: link, review, link-evaluate."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from undercount.cli._app import (
    KeyFileOption,
    app,
    console,
    err_console,
    handle_errors,
    open_project,
    print_json,
)
from undercount.errors import LinkageError


@app.command()
@handle_errors
def link(
    project: Path = typer.Argument(..., help="Project file."),
    engine: str = typer.Option("duckdb", "--engine", help="Backend: duckdb (default) or spark."),
    method: str = typer.Option(
        "probabilistic", "--method", help="probabilistic (Splink, default) or exact (baseline)."
    ),
    threshold: float = typer.Option(
        0.2, "--threshold", help="Match probability at which records join a person."
    ),
    full: bool = typer.Option(
        False, "--full", help="Re-cluster every record instead of linking only new ones."
    ),
    retrain: bool = typer.Option(
        False, "--retrain", help="Train a new model even when linking incrementally."
    ),
    seed: int = typer.Option(42, "--seed", help="Seed of the training samples."),
    json_out: bool = typer.Option(False, "--json", help="Print the run's summary as JSON."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Link records into persons (probabilistic linkage; stores the run and the persons)."""
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("use duckdb or spark", param_hint="--engine")
    if method not in ("probabilistic", "exact"):
        raise typer.BadParameter("use probabilistic or exact", param_hint="--method")
    summary: dict[str, Any] = {}
    with open_project(str(project), key_file) as p:
        if not json_out:
            err_console.print(f"Linking with {method} linkage on {engine}…")
        persons = p.link(
            method=method,
            engine=engine,
            threshold=threshold,
            incremental=False if full else None,
            retrain=retrain,
            seed=seed,
            summary=summary,
        )
        n_records = p.counts()["records"]
    if json_out:
        print_json({"persons": int(len(persons)), "records": n_records, **summary})
        return
    console.print(f"{n_records} record(s) linked into {len(persons)} person(s).")
    diag = summary.get("diagnostics")
    if diag:
        _print_diagnostics(diag)
    if summary:
        mode = "incremental" if summary.get("incremental") else "full"
        console.print(
            f"Run #{summary['run_id']} ({mode}): {summary['pairs_scored']} pair(s) "
            f"scored, {summary['persons_written']} person(s) written, "
            f"{summary['merges_refused']} merge(s) refused by constraints."
        )
        console.print(f"Review uncertain pairs with `undercount review {project}`.")


def _print_diagnostics(diag: dict[str, Any]) -> None:
    """The run's fields, checks and warnings (no record values)."""
    t = Table(title="Fields the model used")
    for col in ("field", "parameters from", "weight if same", "weight if different"):
        t.add_column(col, justify="left" if col in ("field", "parameters from") else "right")
    for f in diag.get("fields", []):
        if not f.get("filled"):
            continue

        def w(x: Any) -> str:
            return "" if x is None else f"{x:+.1f}"

        t.add_row(f["field"], f["source"], w(f.get("weight_closest")), w(f.get("weight_else")))
    console.print(t)
    unused = [f["field"] for f in diag.get("fields", []) if not f.get("filled")]
    if unused:
        console.print(f"Not filled in the lists (not used): {', '.join(unused)}.")
    changed = diag.get("model_changes", [])
    if changed:
        console.print(
            f"{len(changed)} model level(s) adjusted (floored, made monotone or from priors)."
        )
    if "obvious_pairs_apart" in diag:
        apart, linked = diag["obvious_pairs_apart"], diag.get("obvious_pairs_linked")
        of = f" of {apart + linked:,}" if linked is not None else ""
        console.print(
            f"Obvious pairs left apart (same name key, nothing conflicting): {apart:,}{of}."
        )
    for o in diag.get("overlap", []):
        a, b = o["lists"]
        console.print(
            f"Lists '{a}' ({o['records'][0]}) and '{b}' ({o['records'][1]}): "
            f"{o['persons_shared']} person(s) in both."
        )
    out = diag.get("cluster_outliers")
    if out:
        console.print(
            f"Persons with more records than lists: {out['persons_larger_than_lists']} "
            f"(largest {out['largest']})."
        )
    for w_ in diag.get("warnings", []):
        err_console.print(f"[yellow]warning:[/] {w_}", soft_wrap=True)


@app.command("link-evaluate")
@handle_errors
def link_evaluate(
    project: Path = typer.Argument(..., help="Project file (linked)."),
    truth: Path = typer.Option(..., "--truth", help="Truth CSV: source,row,victim_id."),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Score the persons against ground truth: pairwise and cluster precision/recall/F1."""
    from undercount.link.evaluate import evaluate_project

    with open_project(str(project), key_file) as p:
        res = evaluate_project(p, truth)
    if json_out:
        print_json(res)
        return
    t = Table(title="Linkage against the truth")
    for col in ("scores", "precision", "recall", "F1"):
        t.add_column(col, justify="right" if col != "scores" else "left")
    pw, cl = res["pairwise"], res["cluster"]
    t.add_row("pairwise", f"{pw['precision']:.4f}", f"{pw['recall']:.4f}", f"{pw['f1']:.4f}")
    t.add_row(
        "B-cubed",
        f"{cl['bcubed_precision']:.4f}",
        f"{cl['bcubed_recall']:.4f}",
        f"{cl['bcubed_f1']:.4f}",
    )
    for k, v in res.get("by_script", {}).items():
        t.add_row(f"pairs {k}", f"{v['precision']:.4f}", f"{v['recall']:.4f}", f"{v['f1']:.4f}")
    console.print(t)
    console.print(
        f"{res['records']} record(s), {cl['persons']} person(s), {cl['entities']} true entit(ies)."
    )


# ---------------------------------------------------------------- review

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def visual(text: str | None) -> str:
    """Text in display order for a terminal without bidi support.

    Persian and Arabic letters are stored in logical order; most terminals print them left
    to right, reversed. python-bidi is used when installed; otherwise a right-to-left line is
    reordered here: the whole line is reversed, then every left-to-right run (Latin words,
    digits) is turned back.
    """
    if not text:
        return ""
    if not _RTL.search(text):
        return text
    try:
        from bidi import get_display  # python-bidi >= 0.5
    except ImportError:
        try:
            from bidi.algorithm import get_display  # older python-bidi
        except ImportError:
            get_display = None
    if get_display is not None:
        return str(get_display(text))
    rev = text[::-1]

    def is_ltr(ch: str) -> bool:
        return unicodedata.bidirectional(ch) in ("L", "EN", "AN")

    out: list[str] = []
    run: list[str] = []
    for ch in rev:
        if is_ltr(ch) or (run and ch in ".-/:"):
            run.append(ch)
            continue
        if run:
            out.append("".join(reversed(run)))
            run = []
        out.append(ch)
    if run:
        out.append("".join(reversed(run)))
    return "".join(out)


_SHOWN = (
    ("source", "source"),
    ("row_number", "row"),
    ("name", "name"),
    ("name_latin", "name (Latin)"),
    ("father_name", "father"),
    ("sex", "sex"),
    ("age", "age"),
    ("date_text", "date as written"),
    ("date", "date"),
    ("place_text", "place as written"),
    ("city", "city"),
    ("province", "province"),
    ("violation", "violation"),
    ("event", "event"),
)


def _pair_table(pair: dict[str, Any], n: int, total: int) -> Table:
    left, right = pair["left"], pair["right"]
    state = "now the same person" if pair["same_person"] else "now different persons"
    t = Table(
        title=f"Pair {n} of {total}: match probability {pair['match_probability']:.3f} ({state})",
        show_lines=False,
    )
    t.add_column("field", style="dim")
    t.add_column(f"record {pair['record_id_l']}")
    t.add_column(f"record {pair['record_id_r']}")
    for key, label in _SHOWN:
        a, b = left.get(key), right.get(key)
        if a is None and b is None:
            continue
        sa, sb = visual("" if a is None else str(a)), visual("" if b is None else str(b))
        style = "bold" if sa != sb else ""
        t.add_row(label, sa, sb, style=style)
    return t


_ANSWERS = {"m": "match", "n": "non_match", "u": "unsure", "s": "skip", "q": "quit"}


@app.command()
@handle_errors
def review(
    project: Path = typer.Argument(..., help="Project file (linked)."),
    limit: int = typer.Option(20, "--limit", help="Most pairs to show in this session."),
    relink: bool = typer.Option(
        True, "--relink/--no-relink", help="Re-link after the session so decisions take effect."
    ),
    key_file: str | None = KeyFileOption,
) -> None:
    """Label uncertain pairs: match / non-match / unsure / skip (most useful first)."""
    from undercount.link.review import record_decision, review_queue

    with open_project(str(project), key_file) as p:
        n_runs = p.con.execute("SELECT count(*) FROM link_runs").fetchone()[0]
        if not n_runs:
            raise LinkageError(f"Nothing to review yet: link first (`undercount link {project}`).")
        queue = review_queue(p, limit=limit)
        if not queue:
            console.print("No uncertain pairs to review.")
            return
        decided = 0
        for i, pair in enumerate(queue, start=1):
            console.print(_pair_table(pair, i, len(queue)))
            while True:
                ans = (
                    typer.prompt("[m]atch, [n]on-match, [u]nsure, [s]kip, [q]uit", default="s")
                    .strip()
                    .lower()[:1]
                )
                if ans in _ANSWERS:
                    break
                console.print("Answer m, n, u, s or q.")
            if _ANSWERS[ans] == "quit":
                break
            if _ANSWERS[ans] == "skip":
                continue
            record_decision(p, pair["record_id_l"], pair["record_id_r"], _ANSWERS[ans])
            decided += 1
        console.print(f"{decided} decision(s) stored.")
        if decided and relink:
            persons = p.link()
            console.print(f"Re-linked: {len(persons)} person(s).")
