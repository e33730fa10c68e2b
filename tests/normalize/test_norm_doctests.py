"""The Examples sections of undercount.normalize run as doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["__init__", "script", "translit", "names", "name_batch", "dates", "places"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    mod = importlib.import_module(
        "undercount.normalize" if name == "__init__" else f"undercount.normalize.{name}"
    )
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_public_api_is_exported():
    import undercount.normalize as nz

    contract = {
        "detect_script",
        "normalize_text",
        "name_key",
        "name_skeleton",
        "transliterate",
        "split_name",
        "NameParts",
        "parse_date",
        "resolve_place",
        "provinces",
        "normalize_names",
        "parse_dates",
        "resolve_places",
    }
    assert contract <= set(nz.__all__)
    assert nz.__all__ == sorted(nz.__all__)
    for name in nz.__all__:
        assert getattr(nz, name) is not None
