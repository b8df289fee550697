"""The customer's rights under PIPL (issue 18): a copy of what is held, retention, corrections."""
