"""Safety: threat reports, incidents, risk assessments, welfare checks, protective
measures and deaths."""
