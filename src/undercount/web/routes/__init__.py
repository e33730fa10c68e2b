"""Routers of the web app, one module per area: records, documents, analysis, admin, api."""
