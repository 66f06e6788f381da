"""RDF basics every layer shares: namespaces, loading files with exact error positions, labels.

Imports nothing of treaty_kg but `errors` and `paths`.
"""
