"""The desk: a web page at `/desk` where an editor sees what came in, puts right what was
read wrongly, adds stories and watches the feeds.

`accounts` (desk accounts and their passwords), `sessions` (sign-in sessions, CSRF tokens,
slowed failed sign-ins), `forms` (an article as form values and back as the API's keys),
`refused` (the drop folder's refused files), `preview` (a story as a reader shows it),
`charts` (inline SVG), `app` (the ASGI app: the gate every request passes, signing in and
out), `pages` (the editor's pages behind it). Templates are in `feeds/templates/desk/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.routing import Route

import config
from articles.store import Store


def mount(store: Store, cfg: config.Config, on_change: Callable[[], None] | None = None) -> Route:
    """The route that `feeds.serving.web.App` adds for `/desk` and every path under it, answered by
    the desk itself (so an unknown one reveals no more than a known one)."""
    from feeds.desk.app import Desk

    route = Route("/desk{rest:path}", endpoint=Desk(store, cfg, on_change))
    route.path_regex = re.compile(r"^/desk(?P<rest>(?:/.*)?)$", re.DOTALL)
    return route
