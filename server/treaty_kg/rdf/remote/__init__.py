"""A SPARQL 1.1 store over HTTP: the client (client.py), how builds are named and published in it
(publication.py) and the writer of a build (publisher.py). Used by the remote backend of the
endpoint and by `treaty-kg build --store`."""
