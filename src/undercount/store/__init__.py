"""Storage: one DuckDB file per project (schema, migrations, transactions, audit, encryption)."""

from undercount.store.project import Project

__all__ = ["Project"]
