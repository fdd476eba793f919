"""What the lines of a copy say besides its story (`Facts`, gathered as `newswire` reads
them), and what is made of it: the story's date among the copy's dates (`dates_of`), its
authors and the outlets it credits.

A whole page copied holds the site's date of the day and other stories' dates besides the
story's own; a copy may say only how long ago the story came out ("4 months ago").
"""

from __future__ import annotations

import bisect
import itertools
import logging
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from articles.model import Rejected
from articles.parse import CLOCK_SKEW
from articles.parse.context import Context
from articles.parse.newswire import datelines, outlets
from articles.parse.newswire.date_forms import Stated

log = logging.getLogger("newsfeed.parse")

_LIST_GAP = 6  # lines between the dates of a list of stories
_LISTED_SAME_DAY = 3  # date lines of one day in a run: a list too ("…症状 2013年4月4日")
_TOP = 15  # lines: a page's masthead, where a whole page copied shows the day's date
_MASTHEAD_LAG = timedelta(days=7)  # the most a story's timed line is before a masthead's day
_AHEAD = timedelta(hours=14)  # the most a time zone is ahead of UTC (Kiribati)
_FRESH = timedelta(days=14)  # a story copied while it is news: at most this old


@dataclass
class Facts:
    """What the lines of a copy say besides the story."""

    dates: list[Stated] = field(default_factory=list)
    unreadable: str = ""
    people: list[str] = field(default_factory=list)  # of the bylines above the story
    foot_people: list[str] = field(default_factory=list)  # "Reporting by …"
    byline_outlets: list[str] = field(default_factory=list)  # "By Euronews with AP"
    outlets: list[tuple[int, str]] = field(default_factory=list)  # (rank, name)
    cites: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # years the copy names, for a dateline
    placed: list[tuple[int, bool]] = field(default_factory=list)  # each date's (line, listable)
    prose: list[int] = field(default_factory=list)  # the lines of paragraphs
    ago: tuple[int, timedelta] | None = None  # (line, how long before the copy): "4 months ago"
    orders: list[str] = field(default_factory=list)  # "dm", "md": how its digits are read
    digits: str = "dm"  # how its dates of digits alone are read: "dm", "md" or "recent"
    first: int | None = None  # the date labelled as the first publication's, in `dates`
    # (line, days before the copy's day, hour, minute): "vandaag, 08:15", "gestern, 22:10"
    relative: tuple[int, int, int, int] | None = None

    def outlet(self, rank: int, name: str | None) -> None:
        if name and not outlets.is_generic(name):
            self.outlets.append((rank, name))



def dates_of(facts: Facts, dateline: datelines.Dateline | None,
           context: Context) -> tuple[datetime, datetime | None, str]:
    """(published, updated, how published was found). The first date is the story's,
    or the first "Updated" one if it has no other; a later "Updated" one is its update. A
    date labelled as the first publication's is the story's whatever comes before it.

    A whole page copied holds other stories' dates too, and the site's date of the day:
    unlabelled dates in a list of several days (dated links) are not the story's, and the
    day's date at the top of the page ("Wednesday, 03 Dec 2025": unlabelled, without a
    time, the copy's own day) gives way to a later date above the story's first paragraph
    naming an earlier day, the story's (not a related story's, further down). When the
    copy's file was written days after that day, only a date line with a time gives the
    story's day ("Published Nov. 8, 2023, 10:28 p.m. ET" under "NOVEMBER 9, 2023"), a
    week before it at most."""
    dates = [(i, d) for i, d in enumerate(facts.dates) if d.label != "until"]
    listed = _listed(facts)
    kept = [(i, d) for i, d in dates if i not in listed] or dates
    stated = [(i, d) for i, d in kept if d.label == "published"] or kept
    if facts.first is not None and any(i == facts.first for i, _ in kept):
        # "First published on …" beside a later date: that one is the update
        published = _when(facts.dates[facts.first], facts, context)
        later = [when for i, d in kept if i != facts.first
                 and (when := _when(d, facts, context)) > published]
        return published, (max(later) if later else None), "stated"
    if stated:
        story = _story_start(facts.prose)
        first, date = stated[0]
        if date.year is None:  # a site's clock ("Lome, 01 janvier 1:00") before the story's
            first, date = next(((i, d) for i, d in stated[1:]  # date line with its year
                                if d.year and facts.placed[i][0] < story), (first, date))
        published = _when(date, facts, context)
        line, bare = facts.placed[first]
        copied = context.mtime.astimezone(context.tz).date()
        if line < _TOP and bare and not date.timed:  # a masthead's day, perhaps
            today = abs((published.date() - copied).days) <= 1  # the day the copy was made
            published = next((day for i, d in stated[1:]
                              if facts.placed[i][0] < story and (today or d.timed)
                              and (day := _when(d, facts, context)).date() < published.date()
                              and (today or published - day <= _MASTHEAD_LAG)), published)
        updates = [_when(d, facts, context) for d in facts.dates if d.label == "updated"]
        later = [u for u in updates if u > published]
        return published, (max(later) if later else None), "stated"
    if dateline and dateline.day:
        return _when(dateline.day, facts, context), None, "dateline"
    if facts.relative and facts.relative[0] < (facts.prose[0] if facts.prose else 1 << 30):
        _, days, hour, minute = facts.relative  # the copy's day, on the site's clock
        day = context.mtime.astimezone(context.tz).date() - timedelta(days=days)
        published = datetime(day.year, day.month, day.day, hour, minute, tzinfo=context.tz)
        if published <= context.mtime + CLOCK_SKEW:
            log.warning("%s: its date is a guess, the day the copy was made or the day before "
                        "(the copy says 'today' or 'yesterday', and the time)", context.name)
            return published, None, "guessed"
    if facts.ago and facts.ago[0] < (facts.prose[0] if facts.prose else 1 << 30):
        published = context.mtime - facts.ago[1]  # "Published 4 months ago": not today
        log.warning("%s: its date is a guess, %s days before the file's time (the copy says "
                    "how long ago, not when)", context.name, facts.ago[1].days)
        return published, None, "guessed"
    if facts.unreadable:
        if context.strict_dates:
            raise Rejected(f"its date {facts.unreadable!r} is not a date newsfeed can read")
        log.warning("%s: its date %r is not a date newsfeed can read", context.name,
                    facts.unreadable)
    return context.undated(), None, "file time"


def _story_start(prose: list[int]) -> int:
    """The line of the story's first paragraph: the first of two in a row (a line between
    them at most), as a page's label glued to its disclaimer is a paragraph alone; else the
    first paragraph."""
    return next((line for line, after in itertools.pairwise(prose) if after - line <= 2),
                prose[0] if prose else 1 << 30)


def _fresh(when: datetime, context: Context) -> bool:
    """Whether a story of `when` was news when its copy's file was written."""
    return context.mtime - _FRESH <= when <= context.mtime + _AHEAD


def _listed(facts: Facts) -> set[int]:
    """The dates of runs of date lines (unlabelled, not bylines) a few short lines apart, no
    paragraph between, that name several days or are three or more: a list of other
    stories."""
    listed: set[int] = set()
    run: list[int] = []
    for i, (line, _) in enumerate([*facts.placed, (1 << 30, False)]):
        last = facts.placed[run[-1]][0] if run else 0
        if run and (line - last > _LIST_GAP
                    or bisect.bisect(facts.prose, last) < bisect.bisect(facts.prose, line)):
            days = {(facts.dates[j].year, facts.dates[j].month, facts.dates[j].day)
                    for j in run}
            if len(days) > 1 or len(run) >= _LISTED_SAME_DAY:
                listed.update(run)
            run = []
        if i < len(facts.dates) and facts.dates[i].label == "published" and facts.placed[i][1]:
            run.append(i)
    return listed


def _when(date: Stated, facts: Facts, context: Context) -> datetime:
    """The instant a stated date names; a day without a year takes the year the copy
    names elsewhere, else the latest year that puts it no later than the file's time.
    Digits that read either way ("05/10/2023") are read as `facts.digits` says, but month
    first when day first would put the story after the file was written and month first
    would not; "recent": slashed digits are read month first when that day is the one of
    the two in the fortnight before the file was written (dotted ones are day first, in the
    US too: "08.07.2023" is 8 July)."""
    if date.year:
        when = date.at(date.year, context.tz)
        if not date.swappable:
            return when
        other = date.month_first().at(date.year, context.tz)
        if facts.digits == "recent" and date.slashed and _fresh(other, context) \
                and not _fresh(when, context):
            return other
        return other if when > context.mtime + _AHEAD and other <= context.mtime else when
    for year in facts.years[:1]:
        with suppress(ValueError):  # 29 February of a year that has none
            return date.at(year, context.tz)
    latest = context.mtime.astimezone(context.tz).year
    for year in range(latest, latest - 8, -1):  # 29 February comes back within eight years
        with suppress(ValueError):  # a site's clock may run up to 14 hours ahead of UTC
            if (when := date.at(year, context.tz)) <= context.mtime + _AHEAD:
                return when
    return context.undated()


def authors_of(facts: Facts, source: str) -> list[str]:
    """The byline's people, else those of the credit lines at the foot, else the agency
    or outlet of the byline, else the outlet."""
    for names in (facts.people, facts.foot_people, facts.byline_outlets[:1]):
        if names:
            return list(dict.fromkeys(names))
    return [source] if source else []


def cites_of(facts: Facts, dateline: datelines.Dateline | None, source: str) -> list[str]:
    """Every other outlet the copy credits, the outlet itself left out."""
    named = [*facts.byline_outlets, *facts.cites]
    if dateline and dateline.agency:
        named.insert(0, dateline.agency)
    own = source.casefold()
    return list(dict.fromkeys(n for n in named if n.casefold() != own
                              and not outlets.is_generic(n)))
