"""Encryption at rest: passphrase -> key (argon2id), and DuckDB's AES-GCM database encryption.

DuckDB writes securely encrypted files only with its OpenSSL-backed ``httpfs`` extension loaded.
The extension comes from the ``duckdb-ext-httpfs`` package (installed with undercount) and is
loaded from that package's directory: never downloaded at run time, and there is no fallback to
DuckDB's ``force_mbedtls_unsafe`` mode. Temporary files that DuckDB spills to disk are
encrypted too (``temp_file_encryption``), and so is the write-ahead log.

The passphrase never reaches disk. The key file beside the project (``PROJECT.keyinfo.json``)
holds only the KDF parameters and the random salt.
"""

from __future__ import annotations

import getpass
import importlib.util
import json
import os
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from argon2.low_level import Type, hash_secret_raw

from undercount.errors import ProjectError

if TYPE_CHECKING:
    import duckdb

KEYINFO_SUFFIX = ".keyinfo.json"
ENV_KEY = "UNDERCOUNT_KEY"
ENV_NEW_KEY = "UNDERCOUNT_NEW_KEY"
MIN_PASSPHRASE = 8

# Bounds on the KDF parameters read from a key description: a damaged or planted file must not
# make undercount allocate terabytes, loop for hours, or derive a weak key.
_BOUNDS = {
    "time_cost": (1, 64),
    "memory_cost_kib": (8 * 1024, 4 * 1024 * 1024),
    "parallelism": (1, 64),
    "key_bytes": (32, 32),
}


@dataclass(frozen=True)
class KeyInfo:
    kdf: str = "argon2id"
    salt: str = ""
    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 2
    key_bytes: int = 32
    cipher: str = "GCM"

    @classmethod
    def new(cls) -> KeyInfo:
        return cls(salt=secrets.token_hex(16))

    def problems(self) -> list[str]:
        out = []
        if self.kdf != "argon2id":
            out.append(f"unknown KDF '{self.kdf}'")
        if self.cipher != "GCM":
            out.append(f"unknown cipher '{self.cipher}'")
        if not isinstance(self.salt, str) or not re.fullmatch(r"(?:[0-9a-f]{2}){16,64}", self.salt):
            out.append("the salt is not 16-64 bytes of hex")
        for name, (lo, hi) in _BOUNDS.items():
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
                out.append(f"{name} must be an integer in [{lo}, {hi}]")
        return out


def keyinfo_path(db_path: str | os.PathLike[str]) -> Path:
    return Path(str(db_path) + KEYINFO_SUFFIX)


def read_keyinfo(db_path: str | os.PathLike[str]) -> KeyInfo | None:
    p = keyinfo_path(db_path)
    if not p.exists():
        return None
    known = {f.name for f in fields(KeyInfo)}
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        info = KeyInfo(**{k: v for k, v in raw.items() if k in known})
    except (ValueError, TypeError, OSError) as exc:
        raise ProjectError(
            f"The key description {p.name} is damaged ({type(exc).__name__}). Restore it from a "
            "backup: without it the encrypted project cannot be opened."
        ) from None
    bad = info.problems()
    if bad:
        raise ProjectError(
            f"The key description {p.name} is damaged ({'; '.join(bad)}). Restore it from a "
            "backup: without it the encrypted project cannot be opened."
        )
    return info


def write_keyinfo(db_path: str | os.PathLike[str], info: KeyInfo) -> None:
    """Write the key description atomically (temporary file, fsync, rename, fsync folder)."""
    p = keyinfo_path(db_path)
    tmp = p.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(asdict(info), indent=2))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, p)
    fsync_dir(p.parent)


def fsync_file(path: str | os.PathLike[str]) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make a rename in ``path`` durable (no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ProjectError(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE} characters "
            "(a few unrelated words are easy to remember and hard to guess)."
        )


def derive_key(passphrase: str, info: KeyInfo) -> str:
    """Derive the database key (hex) from a passphrase with argon2id and the stored salt.

    The passphrase is normalised to Unicode NFC first, so the same Persian or accented
    passphrase typed on different keyboards gives the same key.
    """
    if not passphrase:
        raise ProjectError("The passphrase is empty. Give a passphrase of at least 8 characters.")
    raw = hash_secret_raw(
        secret=unicodedata.normalize("NFC", passphrase).encode("utf-8"),
        salt=bytes.fromhex(info.salt),
        time_cost=info.time_cost,
        memory_cost=info.memory_cost_kib,
        parallelism=info.parallelism,
        hash_len=info.key_bytes,
        type=Type.ID,
    )
    return raw.hex()


def get_passphrase(
    *,
    key: str | None = None,
    key_file: str | os.PathLike[str] | None = None,
    prompt: bool = True,
    confirm: bool = False,
    env: str = ENV_KEY,
    prompt_text: str = "Project passphrase: ",
) -> str:
    """Passphrase from (in order) the argument, a key file, the environment, or a prompt."""
    if key:
        return key
    if key_file:
        try:
            text = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ProjectError(f"Cannot read the key file {key_file}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise ProjectError(f"The key file {key_file} is not UTF-8 text.") from None
        if not text:
            raise ProjectError(f"The key file {key_file} is empty.")
        return text
    from_env = os.environ.get(env)
    if from_env:
        return from_env
    if prompt and os.isatty(0):
        first = getpass.getpass(prompt_text)
        if confirm and getpass.getpass("Repeat passphrase: ") != first:
            raise ProjectError("The two passphrases differ. Nothing was changed.")
        return first
    if env == ENV_NEW_KEY:
        raise ProjectError(
            "No new passphrase was given. Set UNDERCOUNT_NEW_KEY, pass --new-key-file, or run "
            "the command in a terminal to be asked for it."
        )
    raise ProjectError(
        "This project is encrypted and no key was given. Set UNDERCOUNT_KEY, pass --key-file, "
        "or run the command in a terminal to be asked for the passphrase."
    )


def extension_directory() -> str:
    """Directory of the DuckDB extensions shipped by the duckdb-ext-httpfs package."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        raise ProjectError(
            "Encrypted projects need the duckdb-ext-httpfs package (OpenSSL-backed encryption). "
            "Install it with: pip install 'duckdb-ext-httpfs==1.4.4.*'"
        )
    return str(Path(list(spec.submodule_search_locations)[0]) / "extensions")


def enable_encryption(con: duckdb.DuckDBPyConnection) -> None:
    """Load the OpenSSL-backed httpfs extension from the installed package; encrypt temp files.

    Never downloads anything: autoinstall is off and the extension directory is the package's.
    Raises :class:`ProjectError` when the extension cannot be loaded (no insecure fallback).
    """
    import duckdb

    ext_dir = extension_directory().replace("'", "''")
    try:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute(f"SET extension_directory = '{ext_dir}'")
        con.execute("LOAD httpfs")
        loaded = con.execute(
            "SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'httpfs'"
        ).fetchone()
        if not loaded or not loaded[0]:
            raise duckdb.Error("httpfs is not loaded")
        con.execute("SET temp_file_encryption = true")
    except duckdb.Error as exc:
        raise ProjectError(
            "Cannot load DuckDB's OpenSSL (httpfs) extension needed for encryption "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}). "
            "Reinstall: pip install 'duckdb-ext-httpfs==1.4.4.*'"
        ) from None
