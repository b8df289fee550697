"""Services: every business rule, permission check and audit event lives here."""
