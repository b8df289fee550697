"""The first-run setup dialog (issue 17.2): which database, the data key, the first admin."""
