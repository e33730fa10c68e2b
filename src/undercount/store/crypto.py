"""Encryption at rest: passphrase -> key (argon2id), and DuckDB's AES-GCM database encryption.

DuckDB writes securely encrypted files only with its OpenSSL-backed ``httpfs`` extension loaded.
The extension comes from the ``duckdb-ext-httpfs`` package (installed with undercount) and is
loaded from that package's directory: never downloaded at run time, and there is no fallback to
DuckDB's ``force_mbedtls_unsafe`` mode.

The passphrase never reaches disk. The key file beside the project (``PROJECT.keyinfo.json``)
holds only the KDF parameters and the random salt.
"""

from __future__ import annotations

import getpass
import importlib.util
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from undercount.errors import ProjectError

KEYINFO_SUFFIX = ".keyinfo.json"
ENV_KEY = "UNDERCOUNT_KEY"


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


def keyinfo_path(db_path: str | os.PathLike[str]) -> Path:
    return Path(str(db_path) + KEYINFO_SUFFIX)


def read_keyinfo(db_path: str | os.PathLike[str]) -> KeyInfo | None:
    p = keyinfo_path(db_path)
    if not p.exists():
        return None
    try:
        return KeyInfo(**json.loads(p.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise ProjectError(
            f"The key description {p.name} is damaged ({exc}). Restore it from a backup: "
            "without it the encrypted project cannot be opened."
        ) from None


def write_keyinfo(db_path: str | os.PathLike[str], info: KeyInfo) -> None:
    p = keyinfo_path(db_path)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    os.replace(tmp, p)


def derive_key(passphrase: str, info: KeyInfo) -> str:
    """Derive the database key (hex) from a passphrase with argon2id and the stored salt."""
    if not passphrase:
        raise ProjectError("The passphrase is empty. Give a passphrase of at least 8 characters.")
    raw = hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=bytes.fromhex(info.salt),
        time_cost=info.time_cost,
        memory_cost=info.memory_cost_kib,
        parallelism=info.parallelism,
        hash_len=info.key_bytes,
        type=Type.ID,
    )
    return raw.hex()


def get_passphrase(
    *, key: str | None = None, key_file: str | os.PathLike[str] | None = None, prompt: bool = True,
    confirm: bool = False,
) -> str:
    """Passphrase from (in order) the argument, a key file, UNDERCOUNT_KEY, or a prompt."""
    if key:
        return key
    if key_file:
        try:
            text = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ProjectError(f"Cannot read the key file {key_file}: {exc.strerror}.") from None
        if not text:
            raise ProjectError(f"The key file {key_file} is empty.")
        return text
    env = os.environ.get(ENV_KEY)
    if env:
        return env
    if prompt and os.isatty(0):
        first = getpass.getpass("Project passphrase: ")
        if confirm and getpass.getpass("Repeat passphrase: ") != first:
            raise ProjectError("The two passphrases differ. Nothing was changed.")
        return first
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
