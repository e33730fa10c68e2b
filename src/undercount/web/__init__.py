"""The web app for documentation teams (``undercount serve``); needs ``undercount[web]``."""

from __future__ import annotations

from typing import Any


def create_app(project: Any, **kwargs: Any) -> Any:
    """Build the FastAPI app for an open project (see :func:`undercount.web.app.create_app`)."""
    try:
        from undercount.web.app import create_app as _create
    except ImportError as exc:  # pragma: no cover - depends on the install
        from undercount.errors import UndercountError

        raise UndercountError(
            f"The web app needs extra packages ({exc.name} is missing): "
            "pip install 'undercount[web]'"
        ) from None
    return _create(project, **kwargs)


__all__ = ["create_app"]
