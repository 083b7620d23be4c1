"""The pages of the organiser console, in navigation order:
(section text key, file, title text key, icon)."""

PAGES: list[tuple[str, str, str, str]] = []
