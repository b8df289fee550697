"""Visit priorities for managers: the weights the ranking learned (issue 20)."""
