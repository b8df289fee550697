"""Rank customers by the expected value of a visit, fitted on the branch's own history.

Issue 20: features, model, service, backtest.
"""
