"""Record linkage: records -> persons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from undercount.store.project import Project


def run_linkage(project: Project, *, method: str = "exact", **kwargs: Any) -> pd.DataFrame:
    """Link the project's records into persons and store them; returns the persons."""
    if method == "exact":
        from undercount.link.exact import link_exact

        return link_exact(project)
    raise ValueError(f"unknown linkage method {method!r}")
