"""The pieces of the dispatch importer; the public entry is :mod:`app.dispatch_import`."""
