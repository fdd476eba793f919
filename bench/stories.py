"""The generated inputs of the bench: newswire stories and the same stories as Markdown with
front matter, JSON and saved HTML pages (`STORY_FORMATS`), backlogs of them written to a
folder, and the same stories as articles for filling big stores fast (`fill_store`)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

_SUBJECTS = ["Dutch cabinet", "Finance ministers", "Port workers", "The central bank",
             "Coalition leaders", "Wheat farmers", "The city council", "Rail operators",
             "Opposition parties", "Fishing crews", "The health agency", "Teachers' unions",
             "Regional governors", "The supreme court", "Energy regulators", "Airline pilots",
             "The foreign ministry", "Tech companies", "Dock unions", "The election board",
             "Water authorities", "Nurses", "The navy", "Wine growers", "Steelmakers",
             "Border police", "The statistics office", "Mayors", "Truck drivers", "Students"]
_VERBS = ["agree on", "reject", "vote against", "delay", "back", "call off", "propose",
          "debate", "sign", "challenge", "approve", "suspend", "announce", "criticize",
          "review", "block", "revive", "end", "extend", "defend", "question", "welcome",
          "freeze", "expand", "postpone"]
_OBJECTS = ["migration deal", "budget plan", "pension reform", "fuel tax", "housing bill",
            "climate targets", "trade pact", "wage talks", "bridge project", "rail strike",
            "fishing quotas", "school funding", "data law", "river dredging", "grain exports",
            "ferry contract", "vaccine rollout", "port expansion", "energy subsidies",
            "water charges"]
_PLACES = ["The Hague", "Rotterdam", "Brussels", "Lisbon", "Gdansk", "Valencia", "Hamburg",
           "Oslo", "Tallinn", "Porto", "Antwerp", "Bergen", "Turku", "Lyon", "Malmo",
           "Utrecht", "Leipzig", "Cork", "Bari", "Split"]
_OUTLETS = ["News.Az", "Reuters", "AP", "Sky News", "BBC News", "Euronews", "DPA", "AFP",
            "NOS", "The Guardian"]
_PEOPLE = ["Jane Doe", "Pieter Visser", "Maria Santos", "Tom Berg", "Anna Kowalska",
           "Lars Holm", "Sofia Rossi", "Ahmed Karim"]
_SENTENCES = [
    "Leaders had been locked in late-night meetings on Wednesday and Thursday in an attempt to "
    "strike a deal, {outlet} reports citing {cited}.",
    "Officials said the differences between the parties were \"irreconcilable\" and that talks "
    "would not resume before the autumn.",
    "The {subject} will remain in office in a caretaker capacity until a new arrangement is "
    "found, though critics have called for an immediate decision.",
    "It is no secret that the partners have very different views on the {obj}.",
    "Analysts in {place} expect the decision to weigh on markets for several weeks.",
    "A spokesperson declined to comment on the timing but confirmed that letters had been sent.",
    "The proposal would create two classes of permits, a temporary one and a permanent one, "
    "and reduce the number of family members allowed to join.",
    "During elections earlier this year, a newcomer party pushed the governing party into "
    "second place, a result which heaped further pressure on its leadership.",
    "Residents of {place} gathered outside the town hall on Friday night to follow the vote.",
    "Figures published on Monday showed the cost of the {obj} rising by a third since 2021.",
]


def _date_line(when: datetime, form: int) -> str:
    if form == 0:
        return f"date {when:%Y-%m-%d} + ↺ − 16 px"
    if form == 1:
        return f"{when.day} {when:%B %Y}"
    if form == 2:
        return f"{when:%B} {when.day}, {when:%Y %H:%M}"
    if form == 3:
        return f"{when:%d.%m.%Y}"
    return when.isoformat()


def _story(n: int, first: datetime, step: int, jitter: int):
    """The parts of the `n`-th generated story, the same for files and for articles:
    (its random source, subject, verb, object, place, outlet, cited outlet, date, paragraphs)."""
    rnd = random.Random(n)
    subject = _SUBJECTS[n % len(_SUBJECTS)]
    verb = _VERBS[(n // len(_SUBJECTS)) % len(_VERBS)]
    obj = _OBJECTS[(n // (len(_SUBJECTS) * len(_VERBS))) % len(_OBJECTS)]
    place = rnd.choice(_PLACES)
    outlet, cited = rnd.sample(_OUTLETS, 2)
    when = first + timedelta(minutes=step * n + rnd.randrange(jitter))
    paragraphs = [f"{subject} {verb} the {obj} after a week of talks in {place}."]
    for _ in range(rnd.randrange(7, 12)):
        sentences = rnd.sample(_SENTENCES, 2)
        paragraphs.append(" ".join(s.format(outlet=outlet, cited=cited, subject=subject.lower(),
                                            obj=obj, place=place) for s in sentences))
    return rnd, subject, verb, obj, place, outlet, cited, when, paragraphs


def newswire_story(n: int) -> tuple[str, str]:
    """The `n`-th generated story: (file name, text); titles and names unique up to 30,000."""
    rnd, subject, verb, obj, place, outlet, _, when, body = _story(
        n, datetime(2019, 1, 1, 6, tzinfo=UTC), 173, 90)
    headline = f"{subject} {verb} {obj} in {place}"
    lines = [_date_line(when, n % 5)]
    if n % 3:
        lines.append(headline)
    if n % 4 == 1:
        lines.append(f"By {rnd.choice(_PEOPLE)}")
    if n % 7 == 3:
        lines.append(f"Source: {outlet}")
    lines.append("")
    text = "\n".join(lines) + "\n" + "\n\n\n".join(body) + f"\n\n{outlet}\n"
    name = f"{when:%Y-%m-%d}-{n:05d}-{subject}-{verb}-{obj}".lower()
    name = "".join(c if c.isalnum() else "-" for c in name) + ".txt"
    return name, text


def _story_fields(n: int) -> tuple[str, dict, list[str]]:
    """The `n`-th generated story as a structured file gives it: (file stem, fields, paragraphs);
    the same stories as `newswire_story`, with the keys of front matter and JSON."""
    rnd, subject, verb, obj, place, outlet, cited, when, body = _story(
        n, datetime(2019, 1, 1, 6, tzinfo=UTC), 173, 90)
    stem = f"{when:%Y-%m-%d}-{n:05d}-{subject}-{verb}-{obj}".lower()
    stem = "".join(c if c.isalnum() else "-" for c in stem)
    fields = {
        "title": f"{subject} {verb} {obj} in {place}",
        "date": when.isoformat(),
        "author": rnd.sample(_PEOPLE, 1 + n % 2),
        "source": outlet,
        "link": f"https://news.example/{when:%Y/%m/%d}/{stem}",
        "tags": [rnd.choice(["world", "europe", "economy", "politics", "climate"]), place],
        "summary": body[1][:200],
        "cites": [cited],
    }
    return stem, fields, body


def markdown_story(n: int) -> tuple[str, str]:
    """The `n`-th story as Markdown with YAML front matter: (file name, text)."""
    import json

    stem, fields, body = _story_fields(n)
    front = "\n".join(f"{k}: {v if k == 'date' else json.dumps(v)}"  # JSON is YAML
                      for k, v in fields.items())
    paragraphs = [*body[:3], f"> {body[3]}", *body[4:-1], f"*{body[-1]}* [More](/more/{n})"]
    return f"{stem}.md", f"---\n{front}\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def json_story(n: int) -> tuple[str, str]:
    """The `n`-th story as a JSON article, its content HTML or Markdown by turns."""
    import json

    stem, fields, body = _story_fields(n)
    content = "".join(f"<p>{p}</p>\n" for p in body) if n % 2 else "\n\n".join(body)
    return f"{stem}.json", json.dumps({**fields, "content": content}, ensure_ascii=False,
                                      indent=1)


def html_story(n: int) -> tuple[str, str]:
    """The `n`-th story as a saved web page: meta tags, navigation, the article, sidebars."""
    from html import escape

    stem, fields, body = _story_fields(n)
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in
                  ("World", "Europe", "Economy", "Politics", "Climate", "Sport", "Culture"))
    related = "".join(f'<li><a href="/story/{n + k}">{escape(_SUBJECTS[(n + k) % 30])} '
                      f"{_VERBS[k % 25]} the {_OBJECTS[k % 20]}</a></li>" for k in range(1, 9))
    meta = "\n".join([
        f'<meta property="og:title" content="{escape(fields["title"])}">',
        f'<meta property="og:site_name" content="{escape(fields["source"])}">',
        f'<meta property="og:description" content="{escape(fields["summary"])}">',
        f'<meta property="article:published_time" content="{fields["date"]}">',
        *(f'<meta name="author" content="{escape(a)}">' for a in fields["author"]),
        *(f'<meta property="article:tag" content="{escape(t)}">' for t in fields["tags"]),
        f'<link rel="canonical" href="{fields["link"]}">',
    ])
    text = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{escape(fields["title"])} | {escape(fields["source"])}</title>\n{meta}\n'
        f"<style>body {{ font: 16px/1.5 serif }} nav li {{ display: inline }}</style>\n"
        f'<script>window.dataLayer = [{{"page": "{stem}"}}];</script>\n</head>\n<body>\n'
        f'<header><a href="/">{escape(fields["source"])}</a><nav><ul>{nav}</ul></nav></header>\n'
        f"<main><article>\n<h1>{escape(fields['title'])}</h1>\n"
        f'<p class="byline">By {escape(" and ".join(fields["author"]))}, '
        f'<time datetime="{fields["date"]}">{fields["date"][:10]}</time></p>\n'
        f'<div class="share"><button>Share</button><button>A+</button></div>\n'
        + "\n".join(f"<p>{escape(p)}</p>" for p in body[:4])
        + f'\n<figure><img src="/img/{n}.jpg" alt=""><figcaption>{escape(body[0][:60])}'
        f"</figcaption></figure>\n"
        + "\n".join(f"<p>{escape(p)}</p>" for p in body[4:])
        + f"\n</article>\n<aside><h2>Most read</h2><ul>{related}</ul></aside></main>\n"
        f'<footer><form action="/newsletter"><input name="email"><button>Subscribe</button>'
        f"</form><p>© {escape(fields['source'])}</p></footer>\n</body>\n</html>\n"
    )
    return f"{stem}.html", text


STORY_FORMATS: dict[str, Callable[[int], tuple[str, str]]] = {
    ".txt": newswire_story, ".md": markdown_story, ".json": json_story, ".html": html_story}


def write_stories(folder: Path, count: int, *, age: float = 3600, suffix: str = ".txt") -> int:
    """`count` generated files of the format of `suffix` in `folder`, dated `age` seconds back
    so the inbox takes them as finished (a backlog); their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.time() - age
    total = 0
    story = STORY_FORMATS[suffix]
    for n in range(count):
        name, text = story(n)
        path = folder / name
        data = text.encode()
        path.write_bytes(data)
        os.utime(path, (stamp, stamp))
        total += len(data)
    return total


def generated_articles(start: int, count: int) -> list:
    """Articles as a parser would give them, without files: for filling big stores fast."""
    from articles.model import Article

    out = []
    for n in range(start, start + count):
        rnd, subject, verb, obj, place, outlet, cited, when, paragraphs = _story(
            n, datetime(2015, 1, 1, tzinfo=UTC), 47, 40)
        title = f"{subject} {verb} {obj} in {place} ({n})"
        out.append(Article(
            title=title,
            content_html="".join(f"<p>{p}</p>\n" for p in paragraphs).replace('"', "&quot;"),
            summary=" ".join(paragraphs[1:3])[:300],
            published=when,
            slug=f"{when:%Y-%m-%d}-story-{n}",
            authors=(rnd.choice(_PEOPLE),),
            source=outlet,
            cites=(cited,),
            tags=(rnd.choice(["world", "europe", "economy", "politics", "climate"]),),
            origin=f"bench-{n}.txt",
        ))
    return out


def fill_store(url: str, count: int, batch: int = 5000) -> None:
    """A store at the current schema holding `count` generated articles, through `Store.save`."""
    from articles.store import Store

    store = Store(url)
    store.create()
    try:
        for start in range(0, count, batch):
            result = store.save(generated_articles(start, min(batch, count - start)))
            if len(result.added) != min(batch, count - start):
                raise RuntimeError(f"filling the store: {len(result.added)} added of a batch")
    finally:
        store.close()
