from tests.report.browser_support import browser  # noqa: F401
