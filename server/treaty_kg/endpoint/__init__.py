"""The SPARQL endpoint: settings, app factory, protocol, negotiation, evaluation, store, VoID.

It does not import the web layer: the pages are registered by `treaty_kg.wsgi`.
"""
