"""Reasoning: the OWL 2 RL closure — by default the rules as SPARQL updates (`engine`, `rl_rules`,
`sparql_closure`), or owlrl (`owlrl_closure`, the oracle) — the backward rules (`rules`) and
`explain`."""
