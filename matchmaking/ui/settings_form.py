"""The controls of the event's settings, drawn from each setting's rule
(``matchmaking.domain.settings``): a new setting with a known kind of rule needs no code
here, only its label ``setting.<key>`` in the texts."""

from __future__ import annotations

from typing import Any

import streamlit as st

from matchmaking.domain.settings import (EventSettings, Flag, Hours, KindPairs, Rule, Whole,
                                         setting_rules)
from matchmaking.ui.i18n import TEXTS, t


def setting_control(where, key: str, rule: Rule, value: Any) -> Any:
    """The control for one event setting, drawn from its rule; returns the value to save,
    in the form the rule parses."""
    label = t(f"setting.{key}")
    hint = t(f"setting.{key}.help") if f"setting.{key}.help" in TEXTS else None
    if isinstance(rule, KindPairs):
        def named(pair: str) -> str:
            return " ↔ ".join(t(f"kind.{kind}") for kind in pair.split("-"))
        chosen = ["-".join(pair) for pair in value]
        offered = list(dict.fromkeys(["-".join(pair) for pair in rule.offered] + chosen))
        picked = where.multiselect(label, offered, default=chosen, format_func=named, help=hint)
        return [pair.split("-") for pair in picked]
    if isinstance(rule, Flag) and rule.choice:
        return where.radio(label, [False, True], index=int(value), help=hint,
                           format_func=lambda v: t(f"setting.{key}.{str(v).lower()}"))
    if isinstance(rule, Flag):
        return where.checkbox(label, value=value, help=hint)
    if isinstance(rule, Whole):
        low = 0 if rule.none_at_zero else rule.low
        number = int(where.number_input(label, min_value=low, max_value=rule.high,
                                        value=int(value or 0), help=hint))
        return number or None if rule.none_at_zero else number
    if isinstance(rule, Hours):
        return where.number_input(label, min_value=min(0.5, value), max_value=float(rule.high),
                                  value=value, step=1.0, format="%g", help=hint)
    raise TypeError(f"no control for the rule of setting {key!r}: {rule!r}")


def settings_controls(current: EventSettings, where: Any = st) -> dict[str, Any]:
    """Every setting the set-up form edits, in field order, showing ``current``; returns
    the values to save. Lists and labelled choices take the whole width, the others go
    two by two."""
    edited: dict[str, Any] = {}
    columns: list[Any] = []
    for key, rule in setting_rules(form_only=True).items():
        full = isinstance(rule, KindPairs) or isinstance(rule, Flag) and rule.choice
        if not full and not columns:
            columns = list(where.columns(2))
        edited[key] = setting_control(where if full else columns.pop(0), key, rule,
                                      getattr(current, key))
    return edited
