"""Alerts that rules in several modules raise (overdue welfare checks, overdue follow-up
actions, burials before post-mortem, ...): one list per user, each alert owned,
acknowledged and resolved, notified once."""
