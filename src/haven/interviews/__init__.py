"""The one interview record (private or chaperoned, who was present, interpreter, what
the person asked for) that tracing, oversight and safety all use."""
