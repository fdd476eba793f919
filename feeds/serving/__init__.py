"""Serving over HTTP: the app (`web`), our own protocol answering published documents
directly (`protocol`, `server`), and the article API (`api`, `openapi`)."""
