"""The DuckDB engine's spill folder does not outlive its linker."""

from __future__ import annotations

import gc
import os

from undercount.link import train as tr


def test_spill_folder_removed_with_the_api_even_without_close():
    api = tr.db_api("duckdb")
    spill = api.uc_spill_dir
    assert os.path.isdir(spill)
    del api
    gc.collect()
    assert not os.path.exists(spill)


def test_close_api_removes_the_folder():
    api = tr.db_api("duckdb")
    spill = api.uc_spill_dir
    tr.close_api(api)
    assert not os.path.exists(spill)


def test_linker_without_api_leaves_no_folder():
    import pandas as pd

    from undercount.link import settings as st

    recs = pd.DataFrame(
        [
            {"id": 1, "source_id": 1, "name_key": "ali rezaei", "age": 20},
            {"id": 2, "source_id": 2, "name_key": "ali rezaei", "age": 21},
        ]
    )
    linker = tr.make_linker(st.prepare_features(recs), engine="duckdb")
    spill = linker._db_api.uc_spill_dir
    assert os.path.isdir(spill)
    del linker
    gc.collect()
    assert not os.path.exists(spill)
