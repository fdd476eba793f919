"""Rendering: an article list into Atom, RSS and JSON Feed (`render`), made safe (`clean`)
and checked (`check`), documents put together from kept entries (`documents`), and the
site's HTML pages (`pages`) and OPML (`opml`)."""
