"""The estimator contract shared by every method (scikit-learn conventions).

Parameters are set in ``__init__`` with no logic, validated in ``fit`` against the class's
``_parameter_constraints``; ``fit`` returns ``self``; fitted attributes end in ``_``.

References
----------
.. [1] Buitinck, L. et al. (2013). API design for machine learning software: experiences from
   the scikit-learn project. *ECML PKDD Workshop*, arXiv:1309.0238.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from undercount.errors import EstimationError, NotFittedError
from undercount.estimate.histories import Histories
from undercount.model import EstimateRun, Interval

__all__ = ["BaseEstimator", "EstimateResult", "Options", "Range", "clone"]


@dataclass(frozen=True)
class Range:
    """Numeric constraint ``low <= value <= high``; ``integer`` for whole numbers."""

    kind: type
    low: float | None = None
    high: float | None = None
    none_ok: bool = False
    low_open: bool = False
    high_open: bool = False

    def check(self, value: Any) -> str | None:
        if value is None:
            return None if self.none_ok else "must not be None"
        if isinstance(value, bool) or not isinstance(value, self.kind):
            return f"must be {'an integer' if self.kind is Integral else 'a number'}"
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return f"must be {'>' if self.low_open else '>='} {self.low}"
        if self.high is not None and (value > self.high or (self.high_open and value == self.high)):
            return f"must be {'<' if self.high_open else '<='} {self.high}"
        return None


@dataclass(frozen=True)
class Options:
    """Constraint: one of a closed set of values."""

    values: frozenset[Any]

    def check(self, value: Any) -> str | None:
        if isinstance(value, str):
            value = value.lower()
        if value not in self.values:
            return f"must be one of {sorted(map(str, self.values))}"
        return None


Seed = Range(Integral, 0, None, none_ok=True)
Level = Range(Real, 0, 1, low_open=True, high_open=True)


@dataclass(frozen=True)
class EstimateResult:
    """A fitted estimate: the number, its interval, the model and the inputs it came from."""

    method: str
    documented: int
    n_hat: float
    interval: tuple[float, float]
    level: float
    model: str
    input_hash: str

    def conf_int(self) -> tuple[float, float]:
        return self.interval

    def summary(self) -> str:
        lo, hi = self.interval
        return (
            f"{self.method}: documented {self.documented:,}; estimated total {self.n_hat:,.0f} "
            f"({self.level:.0%} interval {lo:,.0f} to {hi:,.0f}); model: {self.model}"
        )


class BaseEstimator:
    """Base class: parameters, validation, the fitted contract and ``to_run``."""

    method: str = ""
    _parameter_constraints: dict[str, Any] = {}

    # -- parameters -------------------------------------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return sorted(
            p.name
            for p in sig.parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters of this estimator (a dict: name -> value)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> BaseEstimator:
        """Set parameters; unknown names raise ``ValueError``. Returns ``self``."""
        valid = self._param_names()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(
                    f"Invalid parameter {key!r} for {type(self).__name__}; valid: {valid}"
                )
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def _validate_params(self) -> None:
        problems = []
        for name, constraint in self._parameter_constraints.items():
            msg = constraint.check(getattr(self, name))
            if msg:
                problems.append(f"{name}={getattr(self, name)!r} {msg}")
        if problems:
            raise EstimationError(
                f"Invalid parameters for {type(self).__name__}: " + "; ".join(problems) + ".",
                problems=problems,
            )

    # -- fitting helpers --------------------------------------------------------------------
    def _prepare(self, histories: pd.DataFrame | Histories) -> Histories:
        self._validate_params()
        h = histories if isinstance(histories, Histories) else Histories.from_frame(histories)
        self.lists_ = h.lists
        self.documented_ = h.n
        self.input_hash_ = h.hash
        return h

    def _check_fitted(self) -> None:
        if not hasattr(self, "estimate_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with a "
                "capture-history table before using this estimator."
            )

    def _model_description(self) -> str:
        return self.method

    # -- results ----------------------------------------------------------------------------
    @property
    def result_(self) -> EstimateResult:
        """The fitted result as an :class:`EstimateResult`."""
        self._check_fitted()
        return EstimateResult(
            method=self.method,
            documented=int(self.documented_),
            n_hat=float(self.estimate_),
            interval=(float(self.interval_[0]), float(self.interval_[1])),
            level=float(getattr(self, "level", 0.95)),
            model=self._model_description(),
            input_hash=self.input_hash_,
        )

    def summary(self) -> str:
        """One paragraph: documented count, estimate, interval, model and key diagnostics."""
        text = self.result_.summary()
        extra = {k: v for k, v in self.diagnostics_.items() if isinstance(v, (int, float, str))}
        if extra:
            text += "\n" + "; ".join(f"{k}={_fmt(v)}" for k, v in extra.items())
        return text

    def to_run(self, strata: dict[str, Any] | None = None) -> EstimateRun:
        """The fit as an :class:`undercount.model.EstimateRun` ready to be stored."""
        self._check_fitted()
        params = {k: _jsonable(v) for k, v in self.get_params().items()}
        return EstimateRun(
            id=None,
            method=self.method,
            parameters=params,
            seed=getattr(self, "seed_", getattr(self, "seed", None)),
            strata=strata,
            documented=int(self.documented_),
            estimate=float(self.estimate_),
            interval=Interval(
                float(self.interval_[0]), float(self.interval_[1]), float(self.level)
            ),
            diagnostics=_jsonable(self.diagnostics_),
            input_hash=self.input_hash_,
        )

    # -- resampling, used to combine strata ---------------------------------------------------
    def draws(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """Draws of the total N: posterior draws (Bayesian) or a parametric bootstrap."""
        raise NotImplementedError


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, np.ndarray):
        return [_jsonable(x) for x in v.tolist()]
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return f if math.isfinite(f) else str(f)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


def clone(est: BaseEstimator, **overrides: Any) -> BaseEstimator:
    """A new unfitted estimator with the same parameters (optionally overridden)."""
    params = est.get_params()
    params.update(overrides)
    return type(est)(**params)


Check = Callable[[Any], str | None]
