"""Reasoning: the OWL 2 RL closure (`owlrl_closure`), the backward rules (`rules`) and `explain`."""
