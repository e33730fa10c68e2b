"""The public API is small, sorted and importable (httpx's test_all_imports_are_exported)."""

from __future__ import annotations

import undercount as uc


def test_all_is_sorted_and_importable():
    assert list(uc.__all__) == sorted(uc.__all__)
    for name in uc.__all__:
        assert getattr(uc, name) is not None, name


def test_readme_python_example_runs(tmp_path, sample_csv):
    project = uc.Project.create(tmp_path / "case.duckdb")
    project.import_list(sample_csv, source="NGO A", mapping={"Full name": "name"})
    persons = project.link()
    assert len(persons) == 3
    histories = project.capture_histories(by=["province"])
    assert {"NGO A", "count", "province"} <= set(histories.columns)
    project.close()
