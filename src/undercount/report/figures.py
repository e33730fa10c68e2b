"""Figures as inline SVG strings (matplotlib, no network, no files)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PALETTE = {"documented": "#4c72b0", "estimate": "#dd8452", "truth": "#55a868"}


def svg(fig: plt.Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def documented_vs_estimated(
    labels: Sequence[str], documented: Sequence[float], estimates: Sequence[float],
    lows: Sequence[float], highs: Sequence[float], true_total: float | None = None,
) -> str:
    """Horizontal bars of documented counts with estimates and their intervals."""
    n = len(labels)
    fig, ax = plt.subplots(figsize=(7.5, 0.7 * n + 1.4))
    ys = list(range(n))[::-1]
    ax.barh(ys, documented, color=PALETTE["documented"], alpha=0.35, label="documented")
    err = [[e - lo for e, lo in zip(estimates, lows, strict=True)],
           [hi - e for e, hi in zip(estimates, highs, strict=True)]]
    ax.errorbar(estimates, ys, xerr=err, fmt="o", color=PALETTE["estimate"], capsize=4,
                label="estimate, 95% interval")
    if true_total is not None:
        ax.axvline(true_total, color=PALETTE["truth"], ls="--", label=f"true total ({true_total:,.0f})")
    ax.set_yticks(ys, labels)
    ax.set_xlabel("victims")
    ax.set_xlim(left=0)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return svg(fig)
