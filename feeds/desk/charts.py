"""Small charts for the desk, drawn as inline SVG on the server (no script, no library)."""

from __future__ import annotations

from markupsafe import Markup, escape

from feeds.readers import Day

LABEL = 120  # px: the feed's name
BAR, GAP = 16, 4  # px: one day's bar, and the space after it
HEIGHT = 40  # px: a bar at 100%
ROW = HEIGHT + 16  # px: one feed


def not_modified_days(rows: list[tuple[str, list[Day]]]) -> Markup:
    """Per feed, one bar a day, oldest first: its height the share of the day's polls
    answered 304 (a grey box alone: no polls that day); then the subscribers last counted."""
    days = max((len(d) for _, d in rows), default=0)
    width = LABEL + days * (BAR + GAP) + 130
    height = ROW * max(len(rows), 1)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" aria-label="Share of polls answered 304 Not Modified, per '
             f'feed and day, the last {days} days">']
    for n, (feed, history) in enumerate(rows):
        top = n * ROW
        parts.append(f'<text x="0" y="{top + HEIGHT - 12}" font-size="13">{escape(feed)}</text>')
        for k, day in enumerate(history):
            x = LABEL + k * (BAR + GAP)
            filled = round(HEIGHT * day.not_modified_share)
            what = (f"{day.day:%d %b}: {day.not_modified_share:.0%} of {day.polls:,} polls "
                    f"answered 304, {day.subscribers:,} subscribers" if day.polls
                    else f"{day.day:%d %b}: no polls")
            parts.append(f'<g class="day"><title>{escape(what)}</title>'
                         f'<rect x="{x}" y="{top}" width="{BAR}" height="{HEIGHT}" '
                         f'fill="#e8eaed"/>'
                         f'<rect class="share" x="{x}" y="{top + HEIGHT - filled}" width="{BAR}" '
                         f'height="{filled}" fill="#1a7f37"/></g>')
        counted = [d for d in history if d.polls]
        latest = f"{counted[-1].subscribers:,} subscribers" if counted else "no polls"
        parts.append(f'<text x="{LABEL + days * (BAR + GAP) + 6}" y="{top + HEIGHT - 12}" '
                     f'font-size="13">{escape(latest)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
