"""Intake: tabular victim lists (lists.py) and documents (documents.py)."""
