"""Print the HTML report to PDF with a locally installed chromium (nothing is downloaded).

Route: Playwright driving the system chromium when the ``playwright`` package is importable
(the HTML is handed over in memory, no temporary file); otherwise chromium's own
``--headless --print-to-pdf`` on a temporary copy in a private folder that is removed at once.
The chromium binary is found via ``UNDERCOUNT_CHROMIUM``, then ``chromium``,
``chromium-browser``, ``google-chrome`` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from undercount.errors import UndercountError

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    env = os.environ.get("UNDERCOUNT_CHROMIUM")
    if env and Path(env).exists():
        return env
    for c in _CANDIDATES:
        p = shutil.which(c)
        if p:
            return p
    return None


def _missing() -> UndercountError:
    return UndercountError(
        "Writing a PDF needs chromium, which was not found. Install it (Debian/Ubuntu: "
        "`apt-get install chromium`) or set UNDERCOUNT_CHROMIUM to its path; or write the HTML "
        "report (-o report.html) and print it to PDF from any browser."
    )


def html_to_pdf(html: str, out: Path) -> Path:
    """Write ``html`` as a PDF at ``out`` (A4, backgrounds printed)."""
    exe = find_chromium()
    if exe is None:
        raise _missing()
    out = Path(out)
    tmp_out = out.with_suffix(out.suffix + ".tmp")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    if sync_playwright is not None:
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=exe, args=list(CHROMIUM_ARGS))
                try:
                    page = browser.new_page()
                    page.set_content(html, wait_until="load")
                    page.pdf(
                        path=str(tmp_out),
                        format="A4",
                        print_background=True,
                        margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
                    )
                finally:
                    browser.close()
            tmp_out.replace(out)
            return out
        except Exception as exc:  # noqa: BLE001 - fall back to chromium's own printer
            if tmp_out.exists():
                tmp_out.unlink()
            last: Exception | None = exc
    else:
        last = None
    with tempfile.TemporaryDirectory(prefix="undercount-pdf-") as d:
        os.chmod(d, 0o700)
        src = Path(d) / "report.html"
        src.write_text(html, encoding="utf-8")
        cmd = [
            exe,
            *CHROMIUM_ARGS,
            f"--user-data-dir={d}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={tmp_out}",
            src.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UndercountError(
                f"chromium could not print the PDF ({type(exc).__name__}). "
                "Write the HTML report and print it from a browser."
            ) from None
    if proc.returncode != 0 or not tmp_out.exists() or tmp_out.stat().st_size == 0:
        if tmp_out.exists():
            tmp_out.unlink()
        why = f" ({type(last).__name__})" if last else ""
        raise UndercountError(
            f"chromium could not print the PDF{why}, exit code "
            f"{proc.returncode}. Write the HTML report and print it from a "
            "browser."
        )
    tmp_out.replace(out)
    return out
