"""Rank customers by the expected value of a visit, fitted on the branch's own history (issue 20)."""
