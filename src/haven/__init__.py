"""Haven: protection case management."""
