"""The row types the store's queries return: frozen dataclasses, each with ``to_dict`` for JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One stored quote with its article's headline facts, as ``quotes`` queries return it."""

    article_id: str
    quote_index: int
    title: str | None
    outlet: str | None
    published: str | None
    speaker: str | None
    speaker_role: str | None
    speaker_affiliation: str | None
    content: str
    kind: str
    speech: bool | None = None  # None: stored before schema v4
    outlets: tuple[str, ...] = ()  # every outlet that carried it: its article's, then its copies' (schema v5)
    copies: tuple[str, ...] = ()  # the ids of the stored copies of its article

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "quote_index": self.quote_index,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "speaker_affiliation": self.speaker_affiliation,
            "content": self.content,
            "kind": self.kind,
            "speech": self.speech is not False,
            "outlets": list(self.outlets or ([self.outlet] if self.outlet else [])),
            "copies": list(self.copies),
        }


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor of a stored event: its code, sector, resolved entity and the words the article uses."""

    code: str | None
    sector: str | None
    entity: str | None
    name: str | None  # the entity's canonical name
    text: str  # the mention

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "sector": self.sector, "entity": self.entity, "name": self.name,
                "text": self.text}

    def label(self) -> str:
        """"Vladimir Putin (RUS GOV)", or the mention's words when no entity was resolved."""
        code = " ".join(c for c in (self.code, self.sector) if c)
        who = self.name or self.text
        return f"{who} ({code})" if code else who


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with its actors and its article's headline facts, as ``events`` queries return it."""

    article_id: str
    event_index: int
    title: str | None
    outlet: str | None
    published: str | None
    type: str
    mode: str | None
    context: str | None
    cameo: str | None
    modality: str
    trigger: str
    sentence: str
    date: str | None  # the event's own date (TIMEX3), if the article anchors it
    when: str | None  # the date the filters use: the event's date, else the article's publication date
    reported_by: str | None  # the speaker of the quote the event is reported in
    reported_in: int | None  # that quote's index
    source: tuple[ActorRow, ...]
    target: tuple[ActorRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "event_index": self.event_index, "title": self.title,
            "outlet": self.outlet, "published": self.published, "type": self.type, "mode": self.mode,
            "context": self.context, "cameo": self.cameo, "modality": self.modality, "trigger": self.trigger,
            "sentence": self.sentence, "date": self.date, "when": self.when, "reported_by": self.reported_by,
            "reported_in": self.reported_in, "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
        }


@dataclass(frozen=True, slots=True)
class StanceRow:
    """Who holds a stored claim, and how."""

    entity: str | None
    name: str | None  # the holder's name: as the claims stage gave it, else the entity's canonical name
    stance: str
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "stance": self.stance, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One stored claim with every stance on it and its article's headline facts."""

    article_id: str
    claim_index: int
    title: str | None
    outlet: str | None
    published: str | None
    text: str
    stances: tuple[StanceRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "claim_index": self.claim_index, "title": self.title,
                "outlet": self.outlet, "published": self.published, "text": self.text,
                "stances": [s.to_dict() for s in self.stances]}


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story: its title, dates, size and main actors (``{"id", "name"}``, most mentioned first)."""

    id: str
    title: str
    first_date: str | None
    last_date: str | None
    articles: int
    actors: tuple[dict[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "first_date": self.first_date, "last_date": self.last_date,
                "articles": self.articles, "actors": list(self.actors)}


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One statement and the quotes that carry it ("same") or paraphrase it, with their outlets."""

    id: str
    story_id: str | None
    speaker_id: str | None
    speaker_name: str | None
    text: str
    # article_id, quote_index, link ("same", "paraphrase", or "copy": a stored copy of a "same" quote's article,
    # schema v5), similarity, outlet, published, content
    quotes: tuple[dict[str, Any], ...]

    @property
    def sources(self) -> list[str]:
        """The outlets (else article ids) that carry the statement word for word."""
        return sorted({q["outlet"] or q["article_id"] for q in self.quotes if q["link"] in ("same", "copy")})

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "story": self.story_id, "speaker": self.speaker_name, "speaker_id": self.speaker_id,
                "text": self.text, "sources": self.sources, "quotes": list(self.quotes)}


@dataclass(frozen=True, slots=True)
class ClaimGroupRow:
    """One proposition across articles: each article's wording and the stances on it there."""

    id: str
    story_id: str | None
    text: str
    members: tuple[dict[str, Any], ...]  # article_id, claim_index, link, outlet, published, text, stances

    def holders(self, stance: str) -> list[str]:
        """Who takes ``stance`` (asserts, denies, doubts) across articles: "name (outlet)"."""
        out: list[str] = []
        for m in self.members:
            for s in m["stances"]:
                if s["stance"] == stance:
                    label = f"{s['name'] or '?'} ({m['outlet'] or m['article_id']})"
                    if label not in out:
                        out.append(label)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "story": self.story_id, "text": self.text, "asserts": self.holders("asserts"),
                "denies": self.holders("denies"), "doubts": self.holders("doubts"), "members": list(self.members)}


@dataclass(frozen=True, slots=True)
class EdgeRow:
    """A weighted edge of the actor graph between two corpus entities."""

    kind: str  # acts_on or speaks_about
    source: str
    source_name: str
    source_type: str
    source_code: str | None
    target: str
    target_name: str
    target_type: str
    target_code: str | None
    weight: int


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """An event or statement of a story, dated, with its evidence span."""

    date: str | None
    kind: str  # "event", "event (published)" (dated by its article) or "statement"
    label: str  # the event type, or the speaker
    text: str  # the event's sentence, or the statement
    article_id: str
    start: int
    end: int
    outlet: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "kind": self.kind, "label": self.label, "text": self.text,
                "article_id": self.article_id, "start": self.start, "end": self.end, "outlet": self.outlet}


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One stored article's headline facts, its story and how many quotes it has."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    story: str | None
    quotes: int
    duplicate_of: str | None = None  # a copy of this stored article (its quotes are that one's)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.source, "published": self.published,
                "url": self.url, "story": self.story, "quotes": int(self.quotes), "duplicate_of": self.duplicate_of}


@dataclass(frozen=True, slots=True)
class CorpusEntityRow:
    """One corpus-wide entity: how many articles name it, and how often."""

    id: str
    name: str
    type: str
    code: str | None
    articles: int
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "code": self.code,
                "articles": self.articles, "mentions": self.mentions}
