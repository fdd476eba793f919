"""The article domain: model, parsing of dropped files, sanitizing, the store and the drop folder.

Nothing here knows about feeds; `feeds` reads the store through `articles.store`.
"""
