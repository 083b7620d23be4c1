"""The pages of the organiser console, in navigation order:
(section text key, file, title text key, icon). The first one is where organisers land."""

PAGES: list[tuple[str, str, str, str]] = [
    ("nav.section.console", "matchmaking/ui/console_setup_page.py", "o.nav.setup",
     ":material/settings:"),
    ("nav.section.console", "matchmaking/ui/console_registrations_page.py",
     "o.nav.registrations", ":material/group_add:"),
    ("nav.section.console", "matchmaking/ui/console_runs_page.py", "o.nav.runs",
     ":material/model_training:"),
    ("nav.section.console", "matchmaking/ui/console_grid_page.py", "o.nav.grid",
     ":material/grid_view:"),
    ("nav.section.console", "matchmaking/ui/console_checkin_page.py", "o.nav.checkin",
     ":material/how_to_reg:"),
    ("nav.section.console", "matchmaking/ui/console_analytics_page.py", "o.nav.analytics",
     ":material/insights:"),
    ("nav.section.console", "matchmaking/ui/console_exports_page.py", "o.nav.exports",
     ":material/download:"),
]
