"""Small charts for the desk, drawn as inline SVG on the server (no script, no library)."""

from __future__ import annotations

from markupsafe import escape

BAR = 22  # px: one feed's row
WIDTH = 320  # px: the bar at 100%
LABEL = 110  # px: the feed's name


def not_modified(rows: list[tuple[str, float, int]]) -> str:
    """One horizontal bar per feed: the share of its polls answered 304 (name, share, polls);
    a feed without polls gets an empty bar and says so."""
    height = BAR * max(len(rows), 1)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {LABEL + WIDTH + 60} {height}" '
             f'width="{LABEL + WIDTH + 60}" height="{height}" '
             'aria-label="Share of polls answered 304 Not Modified, per feed">']
    for n, (name, share, polls) in enumerate(rows):
        y = n * BAR
        width = round(WIDTH * share)
        label = f"{share:.0%}" if polls else "no polls"
        parts += [
            f'<text x="0" y="{y + 15}" font-size="13">{escape(name)}</text>',
            f'<rect x="{LABEL}" y="{y + 4}" width="{WIDTH}" height="{BAR - 8}" fill="#e8eaed"/>',
            f'<rect x="{LABEL}" y="{y + 4}" width="{width}" height="{BAR - 8}" fill="#1a7f37">'
            f"<title>{escape(name)}: {label} of {polls:,} polls answered 304</title></rect>",
            f'<text x="{LABEL + WIDTH + 6}" y="{y + 15}" font-size="13">{label}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
