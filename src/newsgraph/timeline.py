"""The timeline of one entity across many articles: the events it takes part in, dated and ordered.

``entity_timeline(records, "Steve Jobs")`` finds where each article names the target (its own words,
fuzzily: "Jobs", "787 Dreamliner"; every mention of an article entity so named, pronouns included;
for a non-person, "the company" / "the plane" shortly after it is named), keeps the event mentions
(``record.event_mentions``) with such a mention among their participants, dates each (its clause's
time expression; else, for an asserted past or present event, the publication date; else unknown)
and orders them by date, then publication date, then position. Works on ``ArticleRecord`` objects
only: no spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsgraph.records import ArticleRecord, EventMention, Span

__all__ = ["TimelineEvent", "entity_timeline", "name_matches", "timeline_json"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
# words that never name the target on their own ("store" of "iTunes store", "Airlines", "Force")
GENERIC_WORDS = _words("""
the of and a an inc corp corps co company group store airlines airline air force forces army navy
international national united states new limited ltd plc holdings systems services bank party
""")
UNDATED = "XXXX-XX-XX"


@dataclass(slots=True)
class TimelineEvent:
    """One event of a timeline, with its evidence: the article, the event word and its sentence."""

    doc: str
    start: int
    end: int
    date: str | None  # YYYY-MM-DD / YYYY-MM / YYYY, or None when unknown
    text: str
    sentence: str
    published: str | None = None
    source: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "date": self.date}


def _similar(a: str, b: str) -> bool:
    """Equal ignoring case, or (words of five letters or more) one edit or one swap apart."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _variants(target: str) -> list[list[str]]:
    """Word sequences that name the target: the full name, its tails of two words or more, and one
    distinctive word (the last unless short or generic; the first where the last is generic)."""
    words = _TOKEN_RE.findall(target)
    out = [words[i:] for i in range(len(words) - 1)] if len(words) > 1 else [words]
    if len(words) > 1:
        last, first = words[-1], words[0]
        if len(last) >= 3 and last.lower() not in GENERIC_WORDS:
            out.append([last])  # "Jobs", "Dreamliner", "A380"
        elif last.lower() in GENERIC_WORDS and len(first) >= 3 and first.lower() not in GENERIC_WORDS:
            out.append([first])  # "iTunes" of "iTunes store"; never "iPhone" of "iPhone 4"
    return [v for v in out if v]


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or any(c.isdigit() for c in word) or word[1:2].isupper()


def name_matches(text: str, target: str) -> list[Span]:
    """Where ``text`` names ``target``; a single-word match must be capitalised like a name and not run
    on into a longer name ("Airbus" in "Airbus A380" does not name Airbus)."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    found: list[Span] = []
    taken: set[int] = set()
    for variant in sorted(_variants(target), key=len, reverse=True):
        n = len(variant)
        for i in range(len(tokens) - n + 1):
            if i in taken or not all(_similar(tokens[i + k][0], variant[k]) for k in range(n)):
                continue
            if n == 1:
                word = tokens[i][0]
                if not (_is_name_word(word) or word == variant[0]):
                    continue
                after = tokens[i + 1] if i + 1 < len(tokens) else None
                if after is not None and text[tokens[i][2]:after[1]] == " " and _continues_name(after[0]):
                    continue
            found.append(Span(tokens[i][1], tokens[i + n - 1][2]))
            taken.update(range(i, i + n))
    return sorted(found, key=lambda s: s.start)


def _continues_name(word: str) -> bool:
    """A word that goes on a name: a number or model code ("A380", "787"), or a capitalised word not generic."""
    return any(c.isdigit() for c in word) or (word[:1].isupper() and word.lower() not in GENERIC_WORDS)


def _matching_entities(record: ArticleRecord, hits: list[Span], target: str) -> set[str]:
    """The article entities the target names: their name is made of the target's words and one of
    their mentions is a hit."""
    target_words = [w.lower() for w in _TOKEN_RE.findall(target)]
    out: set[str] = set()
    for entity in record.entities:
        if not entity.named:
            continue
        words = [w for w in _TOKEN_RE.findall(entity.name) if w.lower() not in ("the", "s")]
        if not words or not all(any(_similar(w, t) for t in target_words) for w in words):
            continue
        if any(m.overlaps(h) for m in entity.mentions for h in hits):
            out.add(entity.id)
    return out


ANAPHORS = re.compile(r"^the (?:company|firm|manufacturer|maker|airline|carrier|group|plane|aircraft|jet|airliner|"
                      r"planemaker|store|service|device|phone)$", re.IGNORECASE)
ANAPHOR_REACH = 300  # characters after a naming of the target within which "the company" is taken to be it


def _looks_like_person(record: ArticleRecord, entity_ids: set[str], target: str) -> bool:
    types = {e.type for e in record.entities if e.id in entity_ids}
    return "PERSON" in types


def _anaphors(text: str, mentions: list[EventMention], hits: list[Span]) -> list[Span]:
    """Participants such as "the company" or "the plane" shortly after the target is named (a non-person target)."""
    out: list[Span] = []
    for mention in mentions:
        for p in mention.participants:
            if not ANAPHORS.match(text[p.start:p.end]):
                continue
            if any(0 < p.start - h.end <= ANAPHOR_REACH for h in hits):
                out.append(Span(p.start, p.end))
    return out


def _date_value(value: str | None, published: str | None) -> str | None:
    if value is None:
        return None
    if value == "PRESENT_REF":
        return published
    found = _DATE_RE.match(value)
    return found.group() if found else None


def event_date(mention: EventMention, published: str | None) -> str | None:
    """The mention's own date, else the publication date for an asserted past or present event."""
    own = _date_value(mention.date, published)
    if own is not None:
        return own
    if mention.tense in ("past", "present"):
        return published
    return None


def article_timeline(record: ArticleRecord, target: str) -> list[TimelineEvent]:
    """The target's events in one article, in text order."""
    text = record.text
    hits = name_matches(text, target)
    if not hits:
        return []
    entity_ids = _matching_entities(record, hits, target)
    spans = hits + [m for e in record.entities if e.id in entity_ids for m in e.mentions]
    if not _looks_like_person(record, entity_ids, target):
        spans += _anaphors(text, record.event_mentions, hits)
    out: list[TimelineEvent] = []
    seen: set[tuple[int, int]] = set()
    for mention in record.event_mentions:
        if (mention.start, mention.end) in seen:
            continue
        trigger = Span(mention.start, mention.end)
        if any(trigger.overlaps(s) for s in spans):
            continue  # the name itself ("the Dreamliner")
        if not any(p.entity in entity_ids or any(Span(p.start, p.end).overlaps(s) for s in spans)
                   for p in mention.participants):
            continue
        seen.add((mention.start, mention.end))
        art = record.article
        out.append(TimelineEvent(
            doc=record.id, start=mention.start, end=mention.end, date=event_date(mention, art.published),
            text=text[mention.start:mention.end], sentence=mention.sentence.text_of(text).strip(),
            published=art.published, source=art.source, title=art.title))
    return sorted(out, key=lambda e: e.start)


def _sort_key(event: TimelineEvent) -> tuple[str, str, str, int]:
    return (event.date or event.published or "9999", event.published or "9999", event.doc, event.start)


def entity_timeline(records: Iterable[ArticleRecord], target: str) -> list[TimelineEvent]:
    """The target's events across ``records``, in timeline order."""
    events = [e for record in records for e in article_timeline(record, target)]
    return sorted(events, key=_sort_key)


def timeline_json(target: str, events: list[TimelineEvent]) -> dict[str, Any]:
    """The scorer's line: ``{"target", "events": [{"doc", "start", "end", "date"}]}`` in timeline order."""
    return {"target": target, "events": [e.to_dict() for e in events]}
