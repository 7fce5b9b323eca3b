"""Typed records of one article's extraction: spans, entities, quotes.

Imports nothing of newsgraph's and nothing of spaCy's. Every span is ``[start, end)`` into
the article text, so ``text[span.start:span.end]`` is the span's text. ``to_dict`` writes the
JSON Lines interchange format that ``newsgraph extract`` prints and the shared scorers read;
``from_dict`` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Characters ``[start, end)`` of the article text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]))


def _span_or_none(data: dict[str, Any] | None) -> Span | None:
    return Span.from_dict(data) if data else None


@dataclass(frozen=True, slots=True)
class Article:
    """One input article in the common article format."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None  # the outlet
    url: str | None = None
    # where ``published`` came from: "feed", "sitemap", "metadata" (the page's structured metadata), "htmldate",
    # "warc-capture" (the day a web archive captured the page: a last resort), "given" (the input states it)
    published_from: str | None = None
    author: str | None = None  # the byline, as a feed entry or the page gives it
    duplicate_of: str | None = None  # the id of the stored article this one is a copy of (set by the store)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "text": self.text,
            "published_from": self.published_from,
            "author": self.author,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(slots=True)
class Entity:
    """A person, organisation, place or nationality, with every mention in the article."""

    id: str
    name: str  # the canonical (longest, fullest) name in the article
    type: str  # PERSON, ORG, GPE, LOC, NORP
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None  # "Pentagon press secretary", as the article states it
    affiliation: str | None = None  # "U.S.", as the article states it
    named: bool = True  # False: no proper name; ``name`` is a description ("State Department officials")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": [m.to_dict() for m in self.mentions],
            "role": self.role,
            "affiliation": self.affiliation,
            "named": self.named,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            type=str(data["type"]),
            mentions=[Span.from_dict(m) for m in data.get("mentions") or []],
            role=data.get("role"),
            affiliation=data.get("affiliation"),
            named=bool(data.get("named", True)),
        )


@dataclass(slots=True)
class Speaker:
    """Whom a quote's source mention means. ``name`` is None when the source ("he", "the mayor") was
    not resolved to a named entity (``entity`` is then the unnamed person's entity, where the article
    describes one: "a Federal Reserve spokesman" ... "he"); a group named only by a description
    ("State Department officials") keeps the description as its name with ``named`` False."""

    name: str | None
    entity: str | None = None  # an Entity.id of the same article
    role: str | None = None
    affiliation: str | None = None
    named: bool = True  # False: no proper name (an unresolved source, or a description of a group)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity": self.entity, "role": self.role, "affiliation": self.affiliation,
                "named": self.named}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        name = data.get("name")
        return cls(
            name=None if name is None else str(name),
            entity=data.get("entity"),
            role=data.get("role"),
            affiliation=data.get("affiliation"),
            named=bool(data.get("named", name is not None)),
        )

    def label(self, source_text: str | None) -> str:
        """How to show the speaker: the name, else "unresolved: <the source words>"."""
        if self.name is not None:
            return self.name
        return f"unresolved: {' '.join(source_text.split())}" if source_text else "unresolved"


@dataclass(slots=True)
class Quote:
    """An attribution: content (one span, or several for a split quote), cue, source, speaker."""

    content: list[Span]
    cue: Span | None
    source: Span | None
    kind: QuoteKind
    speaker: Speaker | None = None
    speech: bool = True  # an act of saying or writing; False for a reported belief, finding, plan or refusal

    def __post_init__(self) -> None:
        if not self.content:
            raise ValueError("a quote needs content")
        if self.kind not in QUOTE_KINDS:
            raise ValueError(f"unknown quote kind {self.kind!r}")
        self.content = sorted(self.content)

    @property
    def start(self) -> int:
        return self.content[0].start

    @property
    def end(self) -> int:
        return self.content[-1].end

    def content_text(self, text: str, joiner: str = " … ") -> str:
        return joiner.join(s.text_of(text) for s in self.content)

    def to_dict(self) -> dict[str, Any]:
        content: Any = self.content[0].to_dict() if len(self.content) == 1 else [s.to_dict() for s in self.content]
        return {
            "content": content,
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "kind": self.kind,
            "speech": self.speech,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        raw = data["content"]
        content = [Span.from_dict(s) for s in (raw if isinstance(raw, list) else [raw])]
        speaker = data.get("speaker")
        return cls(
            content=content,
            cue=_span_or_none(data.get("cue")),
            source=_span_or_none(data.get("source")),
            kind=data["kind"],
            speaker=Speaker.from_dict(speaker) if speaker else None,
            speech=bool(data.get("speech", True)),
        )


@dataclass(slots=True)
class TimeExpression:
    """A time expression normalised against the publication date, TIMEX3-style.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` the TIMEX3 value ("2022-02-01", "2022-02",
    "P1W", "PRESENT_REF", "XXXX-WXX-1"), or None where it cannot be normalised (no publication date
    known for a relative expression). ``begin``/``end`` bound a range ("early February").
    """

    start: int
    end: int
    type: str
    value: str | None
    begin: str | None = None
    end_value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "type": self.type, "value": self.value}
        if self.begin or self.end_value:
            out["range"] = {"begin": self.begin, "end": self.end_value}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeExpression:
        rng = data.get("range") or {}
        return cls(int(data["start"]), int(data["end"]), str(data["type"]), data.get("value"),
                   rng.get("begin"), rng.get("end"))


@dataclass(slots=True)
class Actor:
    """An event participant: its mention, resolved entity and CAMEO-style code ("RUS" + "MIL")."""

    start: int
    end: int
    code: str | None  # ISO 3166 alpha-3 country, or IGO/NGO/...
    sector: str | None = None  # GOV, MIL, REB, CVL, ...
    entity: str | None = None  # an Entity.id of the same article

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "sector": self.sector, "entity": self.entity, "start": self.start,
                "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(int(data["start"]), int(data["end"]), data.get("code"), data.get("sector"), data.get("entity"))


@dataclass(slots=True)
class Event:
    """A PLOVER event: who did what to whom, with its trigger, sentence, modality and date."""

    type: str  # PLOVER event type, e.g. THREATEN
    trigger: Span
    sentence: Span
    mode: str | None = None
    context: str | None = None
    cameo: str | None = None  # CAMEO event code where one applies
    modality: str = "asserted"  # asserted, negated, conditional, planned, threatened, reported
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    date: str | None = None  # TIMEX3 value of the expression that anchors it
    reported_by: int | None = None  # index into ArticleRecord.quotes

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "mode": self.mode, "context": self.context, "cameo": self.cameo,
            "modality": self.modality, "trigger": self.trigger.to_dict(), "sentence": self.sentence.to_dict(),
            "source": [a.to_dict() for a in self.source], "target": [a.to_dict() for a in self.target],
            "date": self.date, "reported_by": self.reported_by,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            type=str(data["type"]), trigger=Span.from_dict(data["trigger"]), sentence=Span.from_dict(data["sentence"]),
            mode=data.get("mode"), context=data.get("context"), cameo=data.get("cameo"),
            modality=data.get("modality") or "asserted",
            source=[Actor.from_dict(a) for a in data.get("source") or []],
            target=[Actor.from_dict(a) for a in data.get("target") or []],
            date=data.get("date"), reported_by=data.get("reported_by"),
        )


@dataclass(slots=True)
class Quantity:
    """A reported number: "more than 100,000 troops" -> value 100000, approx "more than", unit "troops"."""

    start: int
    end: int
    value: float | None
    unit: str | None = None  # the counted noun or unit: "troops", "$", "%", "km"
    approx: str | None = None  # "more than", "nearly", "up to", "about", ...
    of: str | None = None  # whose: an Entity.id (or a name) the quantity belongs to
    date: str | None = None  # TIMEX3 value of an attached date ("by early February")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "value": self.value, "unit": self.unit,
                "approx": self.approx, "of": self.of, "date": self.date}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        return cls(int(data["start"]), int(data["end"]), data.get("value"), data.get("unit"), data.get("approx"),
                   data.get("of"), data.get("date"))


ClaimStanceKind = Literal["asserts", "denies", "doubts"]
CLAIM_STANCES: tuple[str, ...] = ("asserts", "denies", "doubts")


@dataclass(slots=True)
class ClaimStance:
    """Who holds a claim and how: "asserts", "denies" or "doubts", with the span that shows it."""

    entity: str | None  # an Entity.id of the same article (None where the holder is unresolved)
    stance: str  # one of CLAIM_STANCES
    evidence: Span
    name: str | None = None  # the holder's canonical name, for readers

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "stance": self.stance,
                "evidence": self.evidence.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimStance:
        return cls(data.get("entity"), str(data["stance"]), Span.from_dict(data["evidence"]), data.get("name"))


@dataclass(slots=True)
class Claim:
    """A proposition sources assert, allege, deny or doubt ("Russia is planning an invasion of Ukraine")."""

    text: Span
    stances: list[ClaimStance] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text.to_dict(), "stances": [s.to_dict() for s in self.stances]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(Span.from_dict(data["text"]), [ClaimStance.from_dict(s) for s in data.get("stances") or []])


@dataclass(slots=True)
class Participant:
    """One argument of an event mention: the noun phrase's span, its role and its entity if any."""

    start: int
    end: int
    role: str  # "agent" (subject / possessor / by-phrase) or "patient" (object / of-phrase / other)
    entity: str | None = None  # an Entity.id of the same article

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "role": self.role, "entity": self.entity}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Participant:
        return cls(int(data["start"]), int(data["end"]), str(data["role"]), data.get("entity"))


@dataclass(slots=True)
class EventMention:
    """Any event word (a verb or an event noun) with its participants, beyond the coded PLOVER events."""

    start: int
    end: int
    lemma: str
    sentence: Span
    participants: list[Participant] = field(default_factory=list)
    date: str | None = None  # TIMEX3 value of the time expression that anchors it in its sentence
    tense: str | None = None  # "past", "present", "future", "modal" or None (nouns, infinitives)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "lemma": self.lemma, "sentence": self.sentence.to_dict(),
                "participants": [p.to_dict() for p in self.participants], "date": self.date, "tense": self.tense}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventMention:
        return cls(int(data["start"]), int(data["end"]), str(data["lemma"]), Span.from_dict(data["sentence"]),
                   [Participant.from_dict(p) for p in data.get("participants") or []], data.get("date"),
                   data.get("tense"))


@dataclass(slots=True)
class ArticleRecord:
    """Everything newsgraph extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    event_mentions: list[EventMention] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        out = self.article.to_dict()
        out["entities"] = [e.to_dict() for e in self.entities]
        out["quotes"] = [q.to_dict() for q in self.quotes]
        out["times"] = [t.to_dict() for t in self.times]
        out["events"] = [e.to_dict() for e in self.events]
        out["quantities"] = [q.to_dict() for q in self.quantities]
        out["claims"] = [c.to_dict() for c in self.claims]
        out["event_mentions"] = [m.to_dict() for m in self.event_mentions]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleRecord:
        article = Article(
            id=str(data["id"]),
            text=str(data["text"]),
            title=data.get("title"),
            published=data.get("published"),
            source=data.get("source"),
            url=data.get("url"),
            published_from=data.get("published_from"),
            author=data.get("author"),
            duplicate_of=data.get("duplicate_of"),
        )
        return cls(
            article=article,
            entities=[Entity.from_dict(e) for e in data.get("entities") or []],
            quotes=[Quote.from_dict(q) for q in data.get("quotes") or []],
            times=[TimeExpression.from_dict(t) for t in data.get("times") or []],
            events=[Event.from_dict(e) for e in data.get("events") or []],
            quantities=[Quantity.from_dict(q) for q in data.get("quantities") or []],
            claims=[Claim.from_dict(c) for c in data.get("claims") or []],
            event_mentions=[EventMention.from_dict(m) for m in data.get("event_mentions") or []],
        )

    def check_spans(self) -> None:
        """Raise ValueError if any span falls outside the text."""
        n = len(self.article.text)
        spans = [m for e in self.entities for m in e.mentions]
        for q in self.quotes:
            spans.extend(q.content)
            spans.extend(s for s in (q.cue, q.source) if s)
        spans.extend(Span(t.start, t.end) for t in self.times)
        spans.extend(Span(q.start, q.end) for q in self.quantities)
        for event in self.events:
            spans.extend([event.trigger, event.sentence])
            spans.extend(Span(a.start, a.end) for a in event.source + event.target)
        for claim in self.claims:
            spans.append(claim.text)
            spans.extend(s.evidence for s in claim.stances)
        for mention in self.event_mentions:
            spans.extend([Span(mention.start, mention.end), mention.sentence])
            spans.extend(Span(p.start, p.end) for p in mention.participants)
        for s in spans:
            if s.end > n:
                raise ValueError(f"{self.article.id}: span [{s.start}, {s.end}) outside text of {n} chars")
