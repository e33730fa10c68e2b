"""Write docs/cli.md from the CLI's own --help output (run after changing a command).

python scripts/gen_cli_docs.py          # rewrite docs/cli.md
python scripts/gen_cli_docs.py --check  # exit 1 if docs/cli.md is out of date
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["COLUMNS"] = "100"
os.environ["NO_COLOR"] = "1"
os.environ["TERM"] = "dumb"

from typer.testing import CliRunner  # noqa: E402

from undercount.cli import app  # noqa: E402

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def command_paths() -> list[tuple[str, ...]]:
    import typer.main

    out: list[tuple[str, ...]] = []

    def walk(cmd, path):  # type: ignore[no-untyped-def]
        sub = getattr(cmd, "commands", None)
        if sub:
            for name in sorted(sub):
                walk(sub[name], (*path, name))
        else:
            out.append(path)

    walk(typer.main.get_command(app), ())
    return out


def render() -> str:
    runner = CliRunner()
    parts = [
        "# Command-line reference",
        "",
        "Generated from `undercount … --help` by `scripts/gen_cli_docs.py`; do not edit.",
        "",
    ]
    for path in command_paths():
        res = runner.invoke(app, [*path, "--help"], terminal_width=100, color=False)
        text = "\n".join(line.rstrip() for line in res.output.strip().splitlines())
        parts += [f"## undercount {' '.join(path)}", "", "```text", text, "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            sys.stderr.write("docs/cli.md is out of date: run python scripts/gen_cli_docs.py\n")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
