"""Command-line interface: ``undercount --help``.

Each stage registers its commands from its own module; all are thin layers over the core.
"""

from __future__ import annotations

import importlib

from undercount.cli._app import app

_COMMAND_MODULES = (
    "undercount.cli.project",
    "undercount.cli.normalize",
    "undercount.cli.simulate",
    "undercount.cli.link",
    "undercount.cli.estimate",
    "undercount.cli.documents",
    "undercount.cli.report",
    "undercount.cli.web",
    "undercount.cli.security",
    "undercount.cli.demo",
)

for _m in _COMMAND_MODULES:
    try:
        importlib.import_module(_m)
    except ModuleNotFoundError as exc:  # a stage not present in this build
        if exc.name != _m:
            raise


def main() -> None:
    app()


__all__ = ["app", "main"]
