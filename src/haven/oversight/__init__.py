"""Oversight: sites, access visits and inspections, follow-up actions, leaving the
group."""
