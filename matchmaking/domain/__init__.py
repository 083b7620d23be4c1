"""The event's domain vocabulary and rules, pure: no storage, no interface."""
