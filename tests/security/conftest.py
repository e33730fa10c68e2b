"""Shared helpers of the security tests. Every name here is synthetic (invented for tests)."""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PASS = "correct horse battery staple"

# Synthetic victims: invented names in Persian and Latin script, long enough that a chance
# match in random (encrypted) bytes is impossible.
SECRET_NAMES = [
    "Zhinous Farahmandpour",
    "Bardiya Khoshnevisan",
    "Golnoosh Ardalanfar",
    "ژینوس فرهمندپور",
    "بردیا خوشنویسان",
    "گلنوش اردلان‌فر",
]


def encodings_of(name: str) -> list[bytes]:
    """The byte strings a name could appear as on disk (UTF-8, UTF-16 LE/BE, Windows-1256)."""
    out = [name.encode("utf-8"), name.encode("utf-16-le"), name.encode("utf-16-be")]
    arabic = name.replace("\u06cc", "\u064a").replace("\u06a9", "\u0643").replace("\u200c", "")
    try:
        out.append(arabic.encode("cp1256"))
    except UnicodeEncodeError:
        pass
    return out


def leaks(data: bytes, names: list[str] = SECRET_NAMES) -> list[str]:
    """Which names (in any encoding) appear in ``data``."""
    found = []
    for n in names:
        for enc in encodings_of(n):
            if enc in data:
                found.append(n)
                break
    return found


def scan_files(paths: list[Path], names: list[str] = SECRET_NAMES) -> dict[str, list[str]]:
    hits = {}
    for p in paths:
        if p.is_file():
            found = leaks(p.read_bytes(), names)
            if found:
                hits[p.name] = found
    return hits


def project_files(db: Path) -> list[Path]:
    """The project file and everything undercount or DuckDB put beside it."""
    return sorted(x for x in db.parent.rglob("*") if x.is_file() and x.name.startswith(db.name))


def write_list(path: Path, n: int, *, seed: int = 0, names: list[str] | None = None) -> Path:
    """A small synthetic victim list (CSV, UTF-8)."""
    rng = random.Random(seed)
    given = ["Mohsen", "Parisa", "Kian", "Nasrin", "Arash", "Shirin", "Omid", "Leila"]
    family = ["Tabrizi", "Kazemi", "Rostami", "Jafari", "Moradi", "Sadeghi", "Bagheri"]
    cities = ["Mahshahr", "Shiraz", "Karaj", "Tehran", "Isfahan", "Tabriz"]
    rows = [["Full name", "Sex", "Age", "Date of death", "City"]]
    for i in range(n):
        name = (
            names[i % len(names)]
            if names
            else f"{rng.choice(given)} {rng.choice(family)} {seed}-{i}"
        )
        rows.append(
            [
                name,
                rng.choice(["male", "female"]),
                str(rng.randint(14, 70)),
                f"2019-11-{rng.randint(15, 19)}",
                rng.choice(cities),
            ]
        )
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("UNDERCOUNT_USER", "tester")
    env.update(extra)
    return env


def run_child(
    code: str, *args: str, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Template project (unencrypted) with every kind of audited change; copy before use."""
    return _template(tmp_path_factory)


_TEMPLATE: dict[str, Path] = {}


def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "p" in _TEMPLATE and _TEMPLATE["p"].exists():
        return _TEMPLATE["p"]
    from undercount.model import EstimateRun, Interval
    from undercount.store.project import Project

    d = tmp_path_factory.mktemp("template")
    db = d / "case.duckdb"
    with Project.create(db, user="tester") as p:
        p.import_list(write_list(d / "a.csv", 12, seed=1), "NGO A")
        p.import_list(write_list(d / "b.csv", 8, seed=2), "NGO B")
        with p.transaction():
            did = p.con.execute(
                "INSERT INTO link_decisions (record_id_l, record_id_r, decision, user_name) "
                "VALUES (1, 13, 'match', 'tester') RETURNING id"
            ).fetchone()[0]
            p.audit("link_decision", "link_decision", did, details={"decision": "match"})
        with p.transaction():
            p.con.execute(
                "INSERT INTO documents (source_id, filename, media_type, sha256, size, "
                "retrieved_at, text, original) VALUES (1, 'r.txt', 'text/plain', "
                "sha256('report bytes'::BLOB), 12, now()::TIMESTAMP, 'report text', "
                "'report bytes'::BLOB)"
            )
            p.audit("ingest_document", "document", 1, details={"size": 12})
        with p.transaction():
            p.con.execute("INSERT INTO users (name, role) VALUES ('alice', 'analyst')")
            p.audit("add_user", "user", 1, details={"role": "analyst"})
        p.record_estimate(
            EstimateRun(None, "chapman", {"lists": 2}, 1, None, 20, 31.5, Interval(22.0, 48.0))
        )
        p.audit("report", "report", None, details={"public": False})
        assert p.verify_audit().ok
    _TEMPLATE["p"] = db
    return db


def copy_project(src: Path, dest_dir: Path) -> Path:
    dest = dest_dir / src.name
    for f in src.parent.iterdir():
        if f.name.startswith(src.name) and f.is_file():
            shutil.copy2(f, dest_dir / f.name)
    return dest
