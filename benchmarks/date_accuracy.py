"""Publication-date accuracy of each source of dates on the shared html/dev pages.

Methods: ``metadata`` (dates.structured_date), ``htmldate`` (find_date, markup only), ``trafilatura`` (its own
metadata date, htmldate inside, what ``html.py`` used before schema v5) and ``newsgraph`` (the precedence of
``dates.py``: metadata, else trafilatura's, a UTC time yielding to a day within one of it).
The pages carry no gold date: the reference is the day in the page's URL (``/2019/11/19/``, ``2019-11-19``,
``20191119``) for the pages whose URL holds one. Each method sees the page's HTML only (no URL is passed), so
the reference is independent of what it reads, except where the page repeats its own URL in its markup.
Run: ``python benchmarks/date_accuracy.py [../shared/data/html/dev]``.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from newsgraph.ingest.dates import structured_date
from newsgraph.ingest.html import DATE_OPTIONS, article_from_html

URL_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")


def url_day(url: str) -> str | None:
    match = URL_DAY.search(url)
    return "-".join(match.groups()) if match else None


def main(folder: Path) -> None:
    from htmldate import find_date

    gold = {row["id"]: row for row in map(json.loads, (folder / "gold.jsonl").open())}
    import trafilatura

    names = ("metadata", "htmldate", "trafilatura", "newsgraph")
    counts = {name: {"dated": 0, "right": 0, "found": 0} for name in names}
    changed = 0
    pages = 0
    for key, row in sorted(gold.items()):
        html = gzip.decompress((folder / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        pages += 1
        reference = url_day(row["url"])
        try:
            chosen = article_from_html(html, key, key).published
        except Exception:  # noqa: BLE001 - a page without a body still counts as undated
            chosen = None
        document = trafilatura.bare_extraction(html, with_metadata=True, date_extraction_params=DATE_OPTIONS)
        before = getattr(document, "date", None) if document is not None else None
        found = {"metadata": structured_date(html), "htmldate": find_date(html, **DATE_OPTIONS),
                 "trafilatura": before, "newsgraph": chosen}
        changed += before != chosen
        for name, day in found.items():
            counts[name]["found"] += day is not None
            if reference:
                counts[name]["dated"] += 1
                counts[name]["right"] += day == reference
    with_reference = sum(1 for r in gold.values() if url_day(r["url"]))
    print(f"{pages} pages, {with_reference} with a day in the URL")
    print(f"newsgraph's date differs from trafilatura's alone (what html.py used before) on {changed} pages")
    for name, c in counts.items():
        print(f"{name:11s} dates {c['found']}/{pages} pages; right on {c['right']}/{c['dated']} URL-dated pages "
              f"({c['right'] / max(c['dated'], 1):.3f})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data/html/dev"))
