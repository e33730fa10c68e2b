"""undercount: make under-reported human-rights violations counted.

Document (intake), normalise, link, estimate and report. The public API::

    import undercount as uc
    project = uc.Project.create("case.duckdb")
    project.import_list("ngo_a.csv", source="NGO A")
    persons = project.link()
    est = uc.LCMCR(seed=1).fit(project.capture_histories())
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "Chapman",
    "DGA",
    "LCMCR",
    "LogLinear",
    "Project",
    "__version__",
    "simulate",
]

_LAZY = {
    "Project": ("undercount.store.project", "Project"),
    "Chapman": ("undercount.estimate", "Chapman"),
    "LogLinear": ("undercount.estimate", "LogLinear"),
    "LCMCR": ("undercount.estimate", "LCMCR"),
    "DGA": ("undercount.estimate", "DGA"),
    "simulate": ("undercount.simulate", "simulate"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'undercount' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
