"""Multiple systems estimation: how many victims were never documented.

Estimators (scikit-learn conventions: parameters in ``__init__``, ``fit(histories)`` returns
``self``, fitted attributes end in ``_``):

- :class:`Chapman`: two lists, Lincoln-Petersen with Chapman's correction.
- :class:`LogLinear`: Poisson log-linear models with model search (AIC/BIC/AICc).
- :class:`LCMCR`: Bayesian non-parametric latent-class model (Manrique-Vallier 2016).
- :class:`DGA`: Bayesian model averaging over decomposable graphs (Madigan & York 1997).

:func:`estimate_stratified` fits one estimator per stratum and combines them.
"""

from __future__ import annotations

from undercount.estimate.dga import DGA
from undercount.estimate.diagnostics import (
    ConvergenceWarning,
    EstimationWarning,
    GridWarning,
    IdentifiabilityWarning,
    SparseStratumWarning,
)
from undercount.estimate.histories import read_histories, validate_histories
from undercount.estimate.lcmcr import LCMCR
from undercount.estimate.loglinear import LogLinear
from undercount.estimate.strata import StratifiedResult, estimate_stratified
from undercount.estimate.two_list import Chapman

__all__ = [
    "DGA",
    "LCMCR",
    "Chapman",
    "ConvergenceWarning",
    "EstimationWarning",
    "GridWarning",
    "IdentifiabilityWarning",
    "LogLinear",
    "SparseStratumWarning",
    "StratifiedResult",
    "estimate_stratified",
    "read_histories",
    "validate_histories",
]
