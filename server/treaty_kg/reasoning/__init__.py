"""Reasoning: the OWL 2 RL closure of the ontology and the facts, and why a triple follows."""
