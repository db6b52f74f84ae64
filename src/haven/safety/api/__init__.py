"""The safety API: thin DRF views over safety.services and safety.selectors."""
