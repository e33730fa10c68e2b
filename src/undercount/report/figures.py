"""Figures as inline SVG strings (matplotlib, no network, no files).

Every function takes plain numbers and labels (never records), so a figure cannot leak a
victim's name. Text is kept as SVG text (``svg.fonttype = none``) so that the browser shapes
Persian labels and the file stays small; each figure gets its own id salt so that several
figures can live in one HTML page without clashing ids.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

PALETTE = {
    "documented": "#4c72b0",
    "estimate": "#dd8452",
    "truth": "#55a868",
    "muted": "#9a9a9a",
    "ink": "#333333",
}
_counter = itertools.count(1)


def svg(fig: plt.Figure, name: str = "fig") -> str:
    """Render ``fig`` as an ``<svg>`` element string (no XML prolog) and close it."""
    buf = io.StringIO()
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": f"uc-{name}-{next(_counter)}"}
    ):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    body = text[text.index("<svg") :]
    # Label the figure for assistive technology and for tests.
    return body.replace("<svg ", f'<svg role="img" aria-label="{name}" data-figure="{name}" ', 1)


# Bidi embedding/override/isolate controls: a label carrying them could reorder the text
# around it. ZWNJ/ZWJ (U+200C/D) stay: Persian spelling needs them.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def plain_label(text: object) -> str:
    """A user-written label (a source, stratum or place name) as plain text for matplotlib.

    Control and bidi-override characters are dropped and ``$`` is escaped, so that a name such
    as ``Daily $x^$ list`` is drawn as written instead of being parsed as mathtext (which
    raised, taking every figure down: issue 17, finding 4).
    """
    out = "".join(
        ch for ch in str(text) if ch not in _BIDI_CONTROLS and unicodedata.category(ch) != "Cc"
    )
    return out.replace("$", r"\$")


def _clean(ax: plt.Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)


def documented_vs_estimated(
    labels: Sequence[str],
    documented: Sequence[float],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    true_total: float | None = None,
) -> str:
    """Horizontal bars of documented counts with estimates and their intervals."""
    labels = [plain_label(t) for t in labels]
    n = len(labels)
    fig, ax = plt.subplots(figsize=(7.5, 0.6 * n + 1.4))
    ys = list(range(n))[::-1]
    ax.barh(ys, documented, color=PALETTE["documented"], alpha=0.35, label="documented")
    err = [
        [max(e - lo, 0) for e, lo in zip(estimates, lows, strict=True)],
        [max(hi - e, 0) for e, hi in zip(estimates, highs, strict=True)],
    ]
    ax.errorbar(
        estimates,
        ys,
        xerr=err,
        fmt="o",
        color=PALETTE["estimate"],
        capsize=4,
        label="estimate, interval",
    )
    if true_total is not None:
        ax.axvline(
            true_total, color=PALETTE["truth"], ls="--", label=f"true total ({true_total:,.0f})"
        )
    ax.set_yticks(ys, labels)
    ax.set_xlabel("victims")
    ax.set_xlim(left=0)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    _clean(ax)
    return svg(fig, "headline")


def forest_plot(
    labels: Sequence[str],
    documented: Sequence[float | None],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    title: str = "",
) -> str:
    """One row per stratum: estimate with interval (and the documented count as a cross)."""
    labels = [plain_label(t) for t in labels]
    title = plain_label(title)
    n = len(labels)
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * n + 1.3))
    ys = list(range(n))[::-1]
    err = [
        [max(e - lo, 0) for e, lo in zip(estimates, lows, strict=True)],
        [max(hi - e, 0) for e, hi in zip(estimates, highs, strict=True)],
    ]
    ax.errorbar(
        estimates,
        ys,
        xerr=err,
        fmt="s",
        ms=4,
        color=PALETTE["estimate"],
        capsize=3,
        label="estimate, interval",
    )
    dy = [y for y, d in zip(ys, documented, strict=True) if d is not None]
    dx = [d for d in documented if d is not None]
    if dx:
        ax.plot(dx, dy, "x", color=PALETTE["documented"], label="documented")
    ax.set_yticks(ys, labels)
    ax.set_xlabel("victims")
    ax.set_xlim(left=0)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.grid(axis="x", color="#eee")
    _clean(ax)
    return svg(fig, "forest")


def upset(
    sources: Sequence[str],
    patterns: Sequence[tuple[int, ...]],
    counts: Sequence[int | None],
    set_sizes: Sequence[int | None],
    suppressed_label: str = "<5",
) -> str:
    """UpSet-style picture of list overlap.

    ``patterns`` are 0/1 tuples over ``sources``; ``counts`` their sizes (``None`` for a
    suppressed cell, drawn as a hatched stub labelled ``suppressed_label``).
    """
    sources = [plain_label(t) for t in sources]
    k = len(sources)
    m = len(patterns)
    longest = max((len(s) for s in sources), default=4)
    label_w = 0.075 * longest + 0.2
    fig = plt.figure(figsize=(1.3 + label_w + max(m, 1) * 0.42 + 0.4, 2.6 + 0.32 * k))
    gs = fig.add_gridspec(
        2,
        3,
        width_ratios=[1.3, label_w, max(m, 1) * 0.42],
        height_ratios=[2.4, 0.32 * k + 0.3],
        wspace=0.02,
        hspace=0.05,
    )
    ax_bar = fig.add_subplot(gs[0, 2])
    ax_mat = fig.add_subplot(gs[1, 2], sharex=ax_bar)
    ax_set = fig.add_subplot(gs[1, 0], sharey=ax_mat)
    ax_lab = fig.add_subplot(gs[1, 1], sharey=ax_mat)
    xs = list(range(m))
    shown = [c if c is not None else 0 for c in counts]
    top = max(shown + [1])
    for x, c in zip(xs, counts, strict=True):
        if c is None:
            ax_bar.bar(x, top * 0.04, color="white", edgecolor=PALETTE["muted"], hatch="///")
            ax_bar.text(
                x,
                top * 0.06,
                suppressed_label,
                ha="center",
                va="bottom",
                fontsize=7,
                color=PALETTE["muted"],
            )
        else:
            ax_bar.bar(x, c, color=PALETTE["documented"])
            ax_bar.text(x, c, f"{c:,}", ha="center", va="bottom", fontsize=7)
    ax_bar.set_ylabel("persons")
    ax_bar.tick_params(axis="x", bottom=False, labelbottom=False)
    _clean(ax_bar)
    ys = list(range(k))[::-1]
    for x, pat in zip(xs, patterns, strict=True):
        on = [ys[i] for i, v in enumerate(pat) if v]
        ax_mat.scatter([x] * k, ys, s=40, color="#dddddd", zorder=1)
        ax_mat.scatter([x] * len(on), on, s=40, color=PALETTE["ink"], zorder=2)
        if len(on) > 1:
            ax_mat.plot([x, x], [min(on), max(on)], color=PALETTE["ink"], lw=2, zorder=2)
    ax_mat.set_xlim(-0.6, m - 0.4)
    ax_mat.axis("off")
    ax_lab.axis("off")
    ax_lab.set_xlim(0, 1)
    for y, name in zip(ys, sources, strict=True):
        ax_lab.text(0.5, y, name, ha="center", va="center", fontsize=9)
    sizes = [s if s is not None else 0 for s in set_sizes]
    ax_set.barh(ys, sizes, color=PALETTE["muted"])
    for y, s in zip(ys, set_sizes, strict=True):
        if s is None:
            ax_set.text(
                0,
                y,
                suppressed_label + " ",
                ha="right",
                va="center",
                fontsize=7,
                color=PALETTE["muted"],
            )
    ax_set.invert_xaxis()
    ax_set.tick_params(axis="y", left=False, labelleft=False)
    ax_set.set_xlabel("persons per list", fontsize=8)
    ax_set.spines[["top", "left"]].set_visible(False)
    ax_set.set_ylim(-0.6, k - 0.4)
    return svg(fig, "overlap")


def timeline(days: Sequence[str], counts: Sequence[int], suppressed: Sequence[str] = ()) -> str:
    """Documented deaths per day (ISO day strings); suppressed days drawn as hatched stubs."""
    import datetime as dt

    xs = [dt.date.fromisoformat(d) for d in days]
    sx = [dt.date.fromisoformat(d) for d in suppressed]
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    width = 0.8
    if xs:
        ax.bar(xs, counts, width=width, color=PALETTE["documented"])
    if sx:
        top = max(list(counts) + [5])
        ax.bar(
            sx,
            [top * 0.03] * len(sx),
            width=width,
            color="white",
            edgecolor=PALETTE["muted"],
            hatch="///",
        )
    ax.set_ylabel("deaths documented")
    ax.set_ylim(bottom=0)
    fig.autofmt_xdate()
    handles = [Patch(color=PALETTE["documented"], label="deaths on that day")]
    if sx:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=PALETTE["muted"],
                hatch="///",
                label="fewer than 5 (suppressed)",
            )
        )
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper right")
    _clean(ax)
    return svg(fig, "timeline")


def province_map(
    names: Sequence[str],
    lats: Sequence[float],
    lons: Sequence[float],
    documented: Sequence[int | None],
    estimated: Sequence[float | None] | None = None,
    background: Sequence[tuple[str, float, float]] = (),
) -> str:
    """Proportional circles at province coordinates (documented filled, estimated hollow).

    An equirectangular projection scaled by cos(latitude); no base map is drawn (the report
    works offline), the provinces' positions make the geography legible.
    """
    import math

    names = [plain_label(t) for t in names]
    background = [(plain_label(nm), la, lo) for nm, la, lo in background]
    fig, ax = plt.subplots(figsize=(7.0, 5.6))
    vals = [d for d in documented if d is not None] + [e for e in (estimated or []) if e]
    top = max(vals + [1])

    def area(v: float) -> float:
        return 1600.0 * v / top + 12.0

    shown = set(names)
    for nm, la, lo in background:
        ax.scatter(lo, la, s=6, color="#cccccc", zorder=1)
        if nm not in shown:
            ax.annotate(
                nm,
                (lo, la),
                fontsize=5.5,
                xytext=(3, -7),
                textcoords="offset points",
                color="#aaaaaa",
            )

    for i, (nm, la, lo) in enumerate(zip(names, lats, lons, strict=True)):
        d = documented[i]
        e = estimated[i] if estimated else None
        if e:
            ax.scatter(
                lo, la, s=area(e), facecolor="none", edgecolor=PALETTE["estimate"], lw=1.5, zorder=2
            )
        if d is None:
            ax.scatter(
                lo, la, s=14, marker="s", facecolor="white", edgecolor=PALETTE["muted"], zorder=3
            )
            label = f"{nm} (<5)"
        else:
            ax.scatter(lo, la, s=area(d), color=PALETTE["documented"], alpha=0.6, zorder=3)
            label = f"{nm} {d:,}"
        ax.annotate(
            label,
            (lo, la),
            fontsize=6.5,
            xytext=(4, 3),
            textcoords="offset points",
            color=PALETTE["ink"],
        )
    all_lats = list(lats) + [b[1] for b in background]
    if all_lats:
        mid = sum(all_lats) / len(all_lats)
        ax.set_aspect(1 / max(math.cos(math.radians(mid)), 0.2))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    handles = [Patch(color=PALETTE["documented"], alpha=0.6, label="documented deaths")]
    if estimated and any(estimated):
        handles.append(
            Patch(facecolor="none", edgecolor=PALETTE["estimate"], label="estimated total")
        )
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="lower left")
    ax.margins(0.12)
    _clean(ax)
    return svg(fig, "map")
