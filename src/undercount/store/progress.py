"""Progress display for long work (Rich), silent when disabled or not on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def stage_progress(enabled: bool, title: str) -> Iterator[Callable[[str], None]]:
    """Yield a function that announces the current stage of a task in a spinner line."""
    if not enabled:
        yield lambda _msg: None
        return
    from rich.console import Console  # loaded only when shown (Python API callers skip it)

    console = Console(stderr=True)
    with console.status(title) as status:

        def step(msg: str) -> None:
            status.update(f"{title}: {msg}")

        yield step
