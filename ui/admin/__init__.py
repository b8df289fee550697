"""The Administration section (issue 17.3): users, branches, data key, settings, backups."""
