"""The ontology: its modules as the build reads them (`modules`) and the checks run on them (`checks`)."""
