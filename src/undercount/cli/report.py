"""``undercount report``: the self-contained HTML report (and its PDF)."""

from __future__ import annotations

from pathlib import Path

import typer

from undercount.cli._app import KeyFileOption, app, console, handle_errors, open_project, print_json


@app.command()
@handle_errors
def report(
    project: Path = typer.Argument(..., help="Project file."),
    out: Path = typer.Option(
        Path("report.html"), "-o", "--out", help="Report file: .html (self-contained) or .pdf."
    ),
    public: bool = typer.Option(
        False,
        "--public",
        help="Leave out names and free-text details of victims and "
        "witnesses; suppress counts under 5 persons.",
    ),
    pdf: Path | None = typer.Option(
        None, "--pdf", help="Also print the report to this PDF (needs chromium)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the written files as JSON."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Write the report: headline, estimates by stratum, list overlap, timeline, map,
    contested figures and the methods needed to reproduce it."""
    from undercount.report.html import render_report, report_digest
    from undercount.report.pdf import html_to_pdf

    written: list[str] = []
    with open_project(str(project), key_file) as p:
        html = render_report(p, public=public)
        if out.suffix.lower() == ".pdf":
            html_to_pdf(html, out)
        else:
            tmp = out.with_suffix(out.suffix + ".tmp")
            tmp.write_text(html, encoding="utf-8")
            tmp.replace(out)
        written.append(str(out))
        if pdf is not None:
            html_to_pdf(html, pdf)
            written.append(str(pdf))
        with p.transaction():
            p.audit(
                "report",
                "report",
                None,
                details={
                    "public": public,
                    "sha256": report_digest(html),
                    "formats": sorted({Path(w).suffix.lstrip(".").lower() for w in written}),
                },
            )
    if json_out:
        print_json({"files": written, "public": public})
        return
    kind = "public report" if public else "internal report (not for publication)"
    console.print(f"Wrote {kind}: {', '.join(written)}")
