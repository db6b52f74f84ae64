"""HTML pages. Each view parses input, calls a service or selector, and renders."""
