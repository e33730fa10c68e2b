"""Reports: self-contained HTML (inline SVG) and PDF built from a project's stored results."""
