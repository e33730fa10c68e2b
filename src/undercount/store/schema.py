"""DuckDB schema of a project, with numbered migrations.

The schema version lives in ``meta``. ``migrate`` applies every migration newer than the
stored version inside one transaction, so a project is never left half-migrated.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

SCHEMA_VERSION = 2

_V1 = [
    """CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE SEQUENCE seq_source START 1""",
    """CREATE TABLE sources (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_source'),
        name VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL DEFAULT 'other',
        publisher VARCHAR, url VARCHAR,
        reliability VARCHAR NOT NULL DEFAULT 'F',
        notes VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE SEQUENCE seq_import START 1""",
    """CREATE TABLE imports (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_import'),
        source_id BIGINT NOT NULL,
        filename VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        media_type VARCHAR, encoding VARCHAR, delimiter VARCHAR,
        mapping VARCHAR,
        n_rows BIGINT NOT NULL,
        user_name VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        UNIQUE (source_id, sha256))""",
    """CREATE SEQUENCE seq_document START 1""",
    """CREATE TABLE documents (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_document'),
        source_id BIGINT NOT NULL,
        filename VARCHAR NOT NULL,
        media_type VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        size BIGINT NOT NULL,
        retrieved_at TIMESTAMP NOT NULL,
        language VARCHAR,
        title VARCHAR,
        published_on DATE,
        text VARCHAR,
        original BLOB,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        UNIQUE (source_id, sha256))""",
    """CREATE SEQUENCE seq_record START 1""",
    """CREATE TABLE records (
        id BIGINT PRIMARY KEY,
        source_id BIGINT NOT NULL,
        import_id BIGINT,
        document_id BIGINT,
        row_number BIGINT,
        raw VARCHAR,
        name VARCHAR, name_script VARCHAR,
        given_name VARCHAR, family_name VARCHAR, father_name VARCHAR,
        sex VARCHAR, age INTEGER,
        date DATE, date_precision VARCHAR, date_calendar VARCHAR, date_text VARCHAR,
        place_text VARCHAR, province VARCHAR, city VARCHAR,
        violation VARCHAR, perpetrator VARCHAR, event VARCHAR, notes VARCHAR,
        name_norm VARCHAR, name_key VARCHAR, name_latin VARCHAR, name_skeleton VARCHAR,
        given_key VARCHAR, family_key VARCHAR, father_key VARCHAR,
        lat DOUBLE, lon DOUBLE,
        row_hash VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE SEQUENCE seq_claim START 1""",
    """CREATE TABLE claims (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_claim'),
        document_id BIGINT, source_id BIGINT,
        value DOUBLE, low DOUBLE, high DOUBLE, qualifier VARCHAR,
        outcome VARCHAR, victims VARCHAR,
        event VARCHAR, place VARCHAR, province VARCHAR, period VARCHAR,
        period_start DATE, period_end DATE,
        attributed_to VARCHAR, stated_on DATE,
        span_start INTEGER, span_end INTEGER, sentence VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE SEQUENCE seq_link_run START 1""",
    """CREATE TABLE link_runs (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_link_run'),
        engine VARCHAR, method VARCHAR, settings VARCHAR, threshold DOUBLE,
        n_records BIGINT, n_pairs BIGINT, n_persons BIGINT, metrics VARCHAR,
        user_name VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE SEQUENCE seq_person START 1""",
    """CREATE TABLE persons (
        id BIGINT PRIMARY KEY,
        canonical_name VARCHAR,
        confidence DOUBLE,
        link_run_id BIGINT,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE TABLE person_records (
        person_id BIGINT NOT NULL,
        record_id BIGINT NOT NULL PRIMARY KEY)""",
    """CREATE TABLE pair_scores (
        link_run_id BIGINT NOT NULL,
        record_id_l BIGINT NOT NULL, record_id_r BIGINT NOT NULL,
        match_probability DOUBLE, match_weight DOUBLE, priority DOUBLE)""",
    """CREATE SEQUENCE seq_decision START 1""",
    """CREATE TABLE link_decisions (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_decision'),
        record_id_l BIGINT NOT NULL, record_id_r BIGINT NOT NULL,
        decision VARCHAR NOT NULL,
        user_name VARCHAR NOT NULL,
        note VARCHAR,
        decided_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE SEQUENCE seq_estimate START 1""",
    """CREATE TABLE estimate_runs (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_estimate'),
        method VARCHAR NOT NULL, parameters VARCHAR, seed BIGINT,
        strata VARCHAR, stratum VARCHAR,
        documented BIGINT, estimate DOUBLE,
        level DOUBLE, low DOUBLE, high DOUBLE,
        diagnostics VARCHAR, input_hash VARCHAR, result VARCHAR,
        software_version VARCHAR, user_name VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE SEQUENCE seq_user START 1""",
    """CREATE TABLE users (
        id BIGINT PRIMARY KEY DEFAULT nextval('seq_user'),
        name VARCHAR NOT NULL UNIQUE,
        role VARCHAR NOT NULL,
        password_hash VARCHAR,
        totp_secret VARCHAR,
        language VARCHAR DEFAULT 'en',
        calendar VARCHAR DEFAULT 'gregorian',
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    """CREATE TABLE user_sources (
        user_id BIGINT NOT NULL, source_id BIGINT NOT NULL,
        PRIMARY KEY (user_id, source_id))""",
    """CREATE TABLE audit_log (
        seq BIGINT PRIMARY KEY,
        logged_at TIMESTAMP NOT NULL,
        user_name VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        entity VARCHAR NOT NULL,
        entity_id VARCHAR,
        details VARCHAR,
        change_hash VARCHAR NOT NULL,
        state_hash VARCHAR NOT NULL,
        prev_hash VARCHAR NOT NULL,
        entry_hash VARCHAR NOT NULL)""",
]

# Version 2: what a list says about age and other names (issue 15). Existing records keep
# NULL in the new columns, so their row hashes (audit.record_hash_sql) are unchanged.
_V2 = [
    "ALTER TABLE records ADD COLUMN age_low INTEGER",
    "ALTER TABLE records ADD COLUMN age_high INTEGER",
    "ALTER TABLE records ADD COLUMN birth_year INTEGER",
    "ALTER TABLE records ADD COLUMN aliases VARCHAR[]",
    "ALTER TABLE records ADD COLUMN alias_keys VARCHAR[]",
]

Migration = Callable[[duckdb.DuckDBPyConnection], None]


def _statements(stmts: list[str]) -> Migration:
    def apply(con: duckdb.DuckDBPyConnection) -> None:
        for s in stmts:
            con.execute(s)

    return apply


# MIGRATIONS[i] upgrades a project from version i to version i + 1.
MIGRATIONS: list[Migration] = [_statements(_V1), _statements(_V2)]
assert len(MIGRATIONS) == SCHEMA_VERSION


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' "
        "AND table_catalog = current_database()"
    ).fetchone()
    if not has_meta or not has_meta[0]:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema to SCHEMA_VERSION in one transaction; return the version found."""
    found = current_version(con)
    if found > SCHEMA_VERSION:
        from undercount.errors import ProjectError

        raise ProjectError(
            f"This project has schema version {found}, newer than this undercount "
            f"({SCHEMA_VERSION}). Upgrade undercount: pip install -U undercount."
        )
    if found == SCHEMA_VERSION:
        return found
    con.execute("BEGIN TRANSACTION")
    try:
        for v in range(found, SCHEMA_VERSION):
            MIGRATIONS[v](con)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return found
