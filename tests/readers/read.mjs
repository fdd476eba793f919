// What an npm feed reader makes of a feed URL, as one JSON object on stdout.
// Usage: node read.mjs rss-parser|feed-extractor URL
import { extract } from "@extractus/feed-extractor";
import Parser from "rss-parser";

const readers = {
  // RSS and Atom; fetches the URL itself.
  "rss-parser": async (url) => {
    const feed = await new Parser().parseURL(url);
    return {
      title: feed.title,
      entries: feed.items.map((item) => ({
        title: item.title,
        link: item.link,
        date: item.isoDate,
        author: item.creator ?? item.author,
      })),
    };
  },
  // RSS, Atom and JSON Feed; fetches the URL itself. Authors are left in the raw entry.
  "feed-extractor": async (url) => {
    const feed = await extract(url, {
      getExtraEntryFields: (raw) => ({
        author: raw.authors?.[0]?.name ?? raw.author?.name ?? raw["dc:creator"],
      }),
    });
    return {
      title: feed.title,
      entries: feed.entries.map((e) => ({
        title: e.title,
        link: e.link,
        date: e.published,
        author: e.author,
      })),
    };
  },
};

const [reader, url] = process.argv.slice(2);
console.log(JSON.stringify(await readers[reader](url)));
