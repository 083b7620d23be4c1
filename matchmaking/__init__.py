"""Matchmaking for the start-up village of a smart-city exhibition.

Domain modules (profiles, taxonomy, importing, event, exporting) know nothing of
SQLite or Streamlit; ``storage`` and ``migrations`` are the only modules that touch
the database, ``services`` holds the use cases shared by the CLI and the app.
"""

from __future__ import annotations

__version__ = "0.1.0"
