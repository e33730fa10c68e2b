"""Errors raised by undercount. Every message says what happened and what to do next.

Hierarchy::

    UndercountError
    ├── ProjectError          (opening, creating, migrating, keys)
    │   └── WrongKeyError
    ├── IngestError           (lists and documents; carries file, row, column)
    ├── NormalizeError
    ├── LinkageError
    ├── EstimationError
    │   └── SparseDataError   (data cannot support the requested estimate)
    ├── ExtractionError
    ├── AuditError            (the audit chain does not verify)
    ├── PermissionDenied      (web roles)
    └── NotFittedError        (estimator used before fit)

Messages never contain personal data (names of victims or witnesses): they name files, rows and
columns instead.
"""

from __future__ import annotations


class UndercountError(Exception):
    """Base class of every error undercount raises on purpose."""

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return self.message


class ProjectError(UndercountError):
    """A project could not be created, opened or migrated."""


class WrongKeyError(ProjectError):
    """The key given does not open the encrypted project."""


class IngestError(UndercountError):
    """A list or document could not be imported. Nothing of the failed import was stored."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        problems: list[str] | None = None,
    ) -> None:
        where = []
        if file is not None:
            where.append(f"{file}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        full = f"{prefix}: {message}" if prefix else message
        super().__init__(full, file=file, row=row, column=column)
        self.file = file
        self.row = row
        self.column = column
        self.problems = problems or []


class NormalizeError(UndercountError):
    """A value could not be normalised."""


class LinkageError(UndercountError):
    """Record linkage could not run."""


class EstimationError(UndercountError):
    """An estimate could not be computed."""


class SparseDataError(EstimationError):
    """The capture histories cannot support the estimate asked for (no overlap, empty cells)."""


class ExtractionError(UndercountError):
    """Claims, people or quotes could not be extracted from a document."""


class AuditError(UndercountError):
    """The audit log or the records disagree with the hash chain."""


class PermissionDenied(UndercountError):
    """The user's role does not allow this action."""


class NotFittedError(UndercountError, AttributeError):
    """An estimator was used before ``fit`` was called."""
