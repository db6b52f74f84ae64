"""HTML forms, one module per area: they parse and re-display input; the services decide
what is valid."""
