"""Family contact: tracing enquiries, candidates, the private interview and consent,
the disclosure gate, relayed messages and family visits."""
