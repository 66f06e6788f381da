"""The linked-data pages and the query page: views, templates, static files.

May import the endpoint layer (below it); the endpoint never imports this one.
"""
