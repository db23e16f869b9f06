"""SendGrid delivery events: verify a signed batch, then store and apply it with set-based SQL."""
