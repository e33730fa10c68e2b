"""The public surface of undercount.estimate, and docs that cannot drift."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import undercount.estimate as est_pkg
from undercount.estimate import DGA, LCMCR, Chapman, LogLinear

DOCS = Path(__file__).resolve().parents[2] / "docs" / "methods.md"
ESTIMATORS = [Chapman, LogLinear, LCMCR, DGA]


def test_all_imports_are_exported():
    public = {n for n in dir(est_pkg) if not n.startswith("_")}
    modules = {
        "api",
        "bands",
        "base",
        "checks",
        "dga",
        "diagnostics",
        "heterogeneity",
        "histories",
        "identify",
        "lcmcr",
        "linkage",
        "loglinear",
        "sensitivity",
        "strata",
        "two_list",
        "annotations",
    }
    assert public - modules == set(est_pkg.__all__)
    for name in (
        "Chapman",
        "LogLinear",
        "LCMCR",
        "DGA",
        "estimate_stratified",
        "read_histories",
        "validate_histories",
    ):
        assert name in est_pkg.__all__


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_every_parameter_is_documented(cls):
    doc = cls.__doc__ or ""
    for name in inspect.signature(cls.__init__).parameters:
        if name == "self":
            continue
        assert re.search(rf"\b{name}\b.*:", doc), f"{cls.__name__}.{name} not in docstring"
        assert name in DOCS.read_text(encoding="utf-8"), f"{name} not in docs/methods.md"


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_docstrings_have_references_and_attributes(cls):
    doc = cls.__doc__ or ""
    for section in ("Parameters", "Attributes", "References", "Examples"):
        assert section in doc


def test_methods_doc_covers_assumptions():
    text = DOCS.read_text(encoding="utf-8").lower()
    for word in ("closure", "independen", "heterogeneity", "prior", "interval", "default"):
        assert word in text
