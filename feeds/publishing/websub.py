"""WebSub: tell the hub which feeds changed, so subscribers get them without polling.

The feeds advertise the hub (`rel="hub"`, JSON Feed `hubs`); after a publish, each changed
subscription document's URL is sent to the hub as `hub.mode=publish`, the ping that
PubSubHubbub 0.4 hubs (Google's, Superfeedr, WebSub.rocks) accept. A hub that is down
costs a log line, never a feed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import httpx

log = logging.getLogger("newsfeed.websub")

TIMEOUT = 10.0  # seconds for each ping


def notify(hub: str, urls: Iterable[str]) -> list[str]:
    """POST `hub.mode=publish` with each URL to `hub`; the URLs the hub did not take."""
    urls = list(urls)
    if not hub or not urls:
        return []
    failed = []
    with httpx.Client(timeout=TIMEOUT, headers={"User-Agent": "newsfeed"}) as http:
        for url in urls:
            try:
                response = http.post(hub, data={"hub.mode": "publish", "hub.url": url})
                problem = None if response.is_success else f"answered {response.status_code}"
            except httpx.HTTPError as exc:
                problem = f"could not be reached ({exc})"
            if problem:
                failed.append(url)
                log.warning("WebSub hub %s %s for %s; subscribers will see it when they poll",
                            hub, problem, url)
    if len(failed) < len(urls):
        log.info("WebSub hub %s told of %d changed feed(s)", hub, len(urls) - len(failed))
    return failed
