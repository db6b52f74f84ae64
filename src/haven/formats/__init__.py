"""Date formats, the same in every language Haven speaks (settings.FORMAT_MODULE_PATH)."""
