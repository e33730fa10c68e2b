"""Crash safety: 50 real worker processes killed with SIGKILL at random moments of imports,
link runs and estimates; after each kill the project is exactly as before or after the action
in progress (record counts, imports table, one audit entry per action, audit chain).

The loop lives in benchmarks/crash.py, whose long mode (`python benchmarks/crash.py`) runs 300
kills and prints the counts.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.crash import crash_loop


def test_fifty_sigkills_leave_the_project_before_or_after(tmp_path: Path) -> None:
    tally = crash_loop(
        50, seed=20261124, workdir=tmp_path, encrypted_every=10, max_delay=0.5, plan_len=5
    )
    assert tally.problems == []
    assert tally.kills == 50
    assert tally.encrypted_rounds == 5
    # The kills really landed inside actions (not only before or after the whole plan).
    assert tally.killed_mid_action.get("import", 0) >= 10, tally
    assert sum(tally.killed_mid_action.values()) >= 25, tally
