"""Shared fixtures. All data is synthetic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("UNDERCOUNT_USER", "tester")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def project(tmp_path: Path):
    from undercount.store.project import Project

    p = Project.create(tmp_path / "case.duckdb", user="tester")
    yield p
    p.close()


SAMPLE_CSV = (
    "Full name,Father's name,Sex,Age,Date of death,City,Province\n"
    "Mohammad Rezaei,Ali,male,24,2019-11-16,Mahshahr,Khuzestan\n"
    "Fatemeh Hosseini,Hassan,female,31,15 Nov 2019,Shiraz,Fars\n"
    "Reza Pourmohammadi,,male,,1398/08/26,Karaj,Alborz\n"
)

SAMPLE_FA_CSV = (
    "نام و نام خانوادگی,نام پدر,جنسیت,سن,تاریخ,شهر,استان\n"
    "محمد رضایی,علی,مرد,۲۴,۲۵ آبان ۱۳۹۸,ماهشهر,خوزستان\n"
    "زهرا احمدی,حسین,زن,۱۹,۱۳۹۸/۰۸/۲۵,تهران,تهران\n"
)


@pytest.fixture
def sample_csv(tmp_path: Path) -> Path:
    p = tmp_path / "ngo_a.csv"
    p.write_text(SAMPLE_CSV, encoding="utf-8")
    return p


@pytest.fixture
def sample_fa_csv(tmp_path: Path) -> Path:
    p = tmp_path / "ngo_b.csv"
    p.write_text(SAMPLE_FA_CSV, encoding="utf-8")
    return p
