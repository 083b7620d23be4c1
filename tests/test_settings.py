"""Event settings: one type, one default per key, and every part of the product reading the
same value (the console, analytics, the scheduler, requests, matching)."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from matchmaking import storage
from matchmaking.domain.event import EventConfig, InvalidEvent
from matchmaking.domain.settings import EventSettings, InvalidSetting
from matchmaking.matching.scoring import MatchingSettings
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import mail, matching, meetings
from matchmaking.services import participant as psv
from matchmaking.storage import console as org
from matchmaking.storage import meetings as ms

from .test_matching import event  # noqa: F401  (the five-participant event fixture)

KEYS = [f.name for f in fields(EventSettings) if f.name != "extra"]

# A value other than the default for every key, as the console would save it.
OTHER_VALUE = {
    "allowed_pairs": [["startup", "investor"], ["investor", "partner"]],
    "interpreters": True,
    "scheduler_publishes": True,
    "min_meetings_per_startup": 4,
    "max_meetings_default": 7,
    "investor_cap": 5,
    "max_pending_requests": 3,
    "request_expiry_hours": 12.0,
    "exposure_multiple": 3.0,
    "currency": "MAD",
    "column_mapping": {"Notre histoire": "about", "Horodateur": None},
    "interface_language_order": ["ar", "en", "fr"],
    "reminder_minutes": 30,
}


def readers(db, encoder) -> dict[str, dict[str, object]]:
    """Every value each part of the product reads, by key and by reader."""
    event = storage.get_event(db)
    console = osv.settings_of(event)
    rules = ms.RequestRules.from_settings(event["settings"])
    matched = MatchingSettings.from_event(event["settings"])
    problem = meetings.build_problem(db, matching.match_event(db, encoder.name)).problem
    pairs = [list(p) for p in rules.allowed_pairs]
    return {
        "allowed_pairs": {"console": console["allowed_pairs"], "requests": pairs,
                          "matching": [list(p) for p in matched.allowed_pairs]},
        "interpreters": {"console": console["interpreters"], "matching": matched.interpreters},
        "scheduler_publishes": {"console": console["scheduler_publishes"],
                                "scheduler": EventSettings.from_dict(
                                    event["settings"]).scheduler_publishes},
        "min_meetings_per_startup": {"console": console["min_meetings_per_startup"],
                                     "scheduler": problem.min_per_startup},
        "max_meetings_default": {"console": console["max_meetings_default"],
                                 "scheduler": problem.default_max_meetings,
                                 "matching": matched.default_capacity},
        "investor_cap": {"console": console["investor_cap"], "scheduler": problem.other_cap},
        "max_pending_requests": {"console": console["max_pending_requests"],
                                 "requests": rules.max_pending},
        "request_expiry_hours": {"console": console["request_expiry_hours"],
                                 "requests": rules.expiry_hours},
        "exposure_multiple": {"console": console["exposure_multiple"],
                              "matching": matched.exposure_multiple},
        "currency": {"console": console["currency"]},
        "column_mapping": {"console": console["column_mapping"],
                           "import": services.column_mapping(db)},
        "interface_language_order": {
            "console": console["interface_language_order"],
            "participant pages": list(psv.interface_language_order(db))},
        "reminder_minutes": {"console": console["reminder_minutes"],
                             "reminders": mail.reminder_minutes(db)},
    }


def test_every_key_has_a_reader_and_another_value_here():
    assert sorted(OTHER_VALUE) == sorted(KEYS)
    for key in KEYS:
        assert EventSettings.from_dict({key: OTHER_VALUE[key]}) != EventSettings(), key


def test_without_settings_every_reader_sees_the_one_default(event):
    db, encoder = event
    org.save_settings(db, {"currency": "EUR"})  # an event whose organiser set nothing else
    defaults = EventSettings().to_dict()
    for key, seen in readers(db, encoder).items():
        for reader, value in seen.items():
            assert value == defaults[key], (key, reader, value)
    # the bug this type fixed: the console showed 2 while the scheduler aimed for 3
    assert readers(db, encoder)["min_meetings_per_startup"] == {"console": 2, "scheduler": 2}


@pytest.mark.parametrize("key", KEYS)
def test_a_saved_setting_is_the_value_every_reader_uses(event, key):
    db, encoder = event
    assert org.save_settings(db, {key: OTHER_VALUE[key]}) == [key]
    seen = readers(db, encoder)[key]
    assert len(seen) >= 1
    for reader, value in seen.items():
        assert value == OTHER_VALUE[key], (reader, value)


@pytest.mark.parametrize("key, value", [
    ("min_meetings_per_startup", -1), ("min_meetings_per_startup", "3"),
    ("min_meetings_per_startup", 2.5), ("max_meetings_default", 0),
    ("max_pending_requests", True), ("request_expiry_hours", 0),
    ("request_expiry_hours", "48"), ("interpreters", "yes"), ("scheduler_publishes", 1),
    ("allowed_pairs", []), ("allowed_pairs", [["startup", "banker"]]),
    ("allowed_pairs", "startup-investor"), ("exposure_multiple", 0.5),
    ("investor_cap", -2), ("currency", ""), ("interface_language_order", []),
    ("interface_language_order", ["fr", "de"]),
])
def test_an_unusable_value_is_refused_naming_the_key_and_nothing_is_written(event, key, value):
    db, _ = event
    before = storage.get_event(db)["settings"]
    with pytest.raises(InvalidSetting) as error:
        org.save_settings(db, {key: value})
    assert error.value.key == key and repr(key) in str(error.value)
    assert storage.get_event(db)["settings"] == before


def test_keys_of_another_version_are_kept_through_reading_and_saving(event):
    db, _ = event
    org.save_settings(db, {"reminder_minutes": 15})
    org.save_settings(db, {"max_pending_requests": 4})
    stored = storage.get_event(db)["settings"]
    assert stored["reminder_minutes"] == 15 and stored["max_pending_requests"] == 4
    assert osv.settings_of(storage.get_event(db))["reminder_minutes"] == 15
    assert json.loads(json.dumps(EventSettings.from_dict(stored).to_dict())) == \
        EventSettings.from_dict(stored).to_dict()


def test_an_event_file_with_an_unusable_setting_names_it():
    data = {"name": "E", "timezone": "Africa/Casablanca", "slot_minutes": 20,
            "days": [{"date": "2026-06-05", "opens": "09:00", "closes": "12:00"}],
            "settings": {"min_meetings_per_startup": "many"}}
    with pytest.raises(InvalidEvent, match="min_meetings_per_startup"):
        EventConfig.from_dict(data)
    data["settings"] = {"min_meetings_per_startup": 1, "currency": "MAD"}
    assert EventConfig.from_dict(data).settings["currency"] == "MAD"


# --- the set-up form, drawn from each setting's rule ---------------------------------------

class RecordingForm:
    """Stands in for Streamlit in ``settings_controls``: answers every control with the
    value it shows and records what was drawn (label, bounds, options)."""

    def __init__(self):
        self.drawn: list[dict[str, object]] = []

    def columns(self, count):
        return [self] * count

    def _draw(self, control, label, shown, **details):
        self.drawn.append({"control": control, "label": label, **details})
        return shown

    def multiselect(self, label, options, default, format_func, help=None):
        return self._draw("multiselect", label, list(default),
                          options=[format_func(o) for o in options])

    def radio(self, label, options, index, format_func, help=None):
        return self._draw("radio", label, options[index], options=[format_func(o) for o in options])

    def checkbox(self, label, value, help=None):
        return self._draw("checkbox", label, value)

    def number_input(self, label, min_value, max_value, value, help=None, **shape):
        assert type(min_value) is type(max_value) is type(value), (label, shape)  # Streamlit's rule
        assert min_value <= value <= max_value, label
        return self._draw("number_input", label, value, low=min_value, high=max_value)


@pytest.mark.parametrize("shown", ["defaults", "other values"])
def test_the_set_up_form_shows_every_form_setting_and_saves_back_what_it_shows(shown):
    from matchmaking.domain.settings import setting_rules
    from matchmaking.texts import translate
    from matchmaking.ui.settings_form import settings_controls

    current = EventSettings() if shown == "defaults" else EventSettings.from_dict(OTHER_VALUE)
    form = RecordingForm()
    edited = settings_controls(current, where=form)
    in_form = setting_rules(form_only=True)
    assert list(edited) == list(in_form) and len(form.drawn) == len(in_form)
    # what the form hands back is what was shown: saving an untouched form changes nothing
    assert EventSettings.from_dict({**current.to_dict(), **edited}) == current
    assert [d["label"] for d in form.drawn] == [translate(f"setting.{k}", "en") for k in in_form]
    assert {"multiselect", "radio", "checkbox", "number_input"} == {d["control"] for d in form.drawn}


def test_the_form_bounds_are_the_bounds_the_settings_accept():
    from matchmaking.domain.settings import Whole, setting_rules
    from matchmaking.ui.settings_form import settings_controls

    form = RecordingForm()
    settings_controls(EventSettings(), where=form)
    for (key, rule), drawn in zip(setting_rules(form_only=True).items(), form.drawn):
        if not isinstance(rule, Whole):
            continue
        # the lowest and highest values the form offers are accepted (0 meaning "none")...
        assert rule.parse(key, drawn["low"]) == (None if rule.none_at_zero else drawn["low"])
        assert rule.parse(key, drawn["high"]) == drawn["high"]
        # ...and one beyond the top is refused, naming the key
        with pytest.raises(InvalidSetting, match=repr(key)):
            rule.parse(key, drawn["high"] + 1)


def test_every_setting_the_form_edits_has_its_texts_and_no_text_names_a_missing_setting():
    from matchmaking.domain.settings import Flag, setting_rules
    from matchmaking.texts import TEXTS

    rules = setting_rules()
    for key, rule in setting_rules(form_only=True).items():
        assert set(TEXTS[f"setting.{key}"]) == {"en", "fr", "ar"}, key
        if isinstance(rule, Flag) and rule.choice:
            assert f"setting.{key}.false" in TEXTS and f"setting.{key}.true" in TEXTS, key
    for text_key in (k for k in TEXTS if k.startswith("setting.")):
        assert text_key.split(".")[1] in rules, text_key
