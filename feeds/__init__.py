"""The feed domain: rendering each feed, publishing the bytes, and the web app serving them.

`feeds` reads articles through `articles.store`; `articles` never imports `feeds`.
"""
