"""Stories and corpus entity ids together, over a stream of records, and a record's JSON relabelled with them.

``CorpusLinker`` runs the story clusterer (``stories.py``) and the entity linker (``linking.py``) on each record
and rewrites the record's entity ids (and every reference to them) to the corpus ids (``relabel``). No spaCy.
"""

from __future__ import annotations

from typing import Any

from newsgraph.records import ArticleRecord
from newsgraph.story.linking import EntityLinker
from newsgraph.story.stories import Story, StoryClusterer

__all__ = ["CorpusLinker", "relabel"]


class CorpusLinker:
    """Stories and corpus entity ids for a stream of records, one record at a time."""

    def __init__(self, clusterer: StoryClusterer | None = None, linker: EntityLinker | None = None) -> None:
        self.clusterer = clusterer or StoryClusterer()
        self.linker = linker or EntityLinker()

    def add(self, record: ArticleRecord, story_id: str | None = None) -> tuple[Story, dict[str, str]]:
        """Assign the record's story (``story_id`` forces it) and map its entity ids to corpus ids (the
        record is left as is)."""
        story = self.clusterer.add(record, story_id)
        mapping = self.linker.add(record, story.id)
        for local, corpus_id in mapping.items():
            entity = record.entity(local)
            if entity is not None and entity.type in {"PERSON", "ORG", "GPE"}:
                story.actors[corpus_id] += len(entity.mentions)
                story.actor_names[corpus_id] = self.linker.entities[corpus_id].name
        return story, mapping

    def to_state(self) -> dict[str, Any]:
        """The state to persist between runs (``load_state`` restores it)."""
        return {"version": 1, "stories": self.clusterer.to_state(), "entities": self.linker.to_state()}

    def load_state(self, state: dict[str, Any]) -> None:
        self.clusterer.load_state(state["stories"])
        self.linker.load_state(state["entities"])

    def annotate(self, record: ArticleRecord) -> dict[str, Any]:
        """The record's JSON object with corpus-wide entity ids (every reference remapped), each
        entity's CAMEO ``code`` where known, and ``"story"``."""
        story, mapping = self.add(record)
        out = record.to_dict()
        # an entity with no proper name is the article's own: an id no other article shares
        mapping.update({e.id: f"{record.id}#{e.id}" for e in record.entities if not e.named})
        return relabel(out, mapping, story.id, {cid: e.code for cid, e in self.linker.entities.items()})


def relabel(out: dict[str, Any], mapping: dict[str, str], story: str, codes: dict[str, str | None]) -> dict[str, Any]:
    """Rewrite entity ids in a record's JSON object (entities, quote speakers, event actors, claim
    stances, quantity owners) through ``mapping``, and add ``story``."""
    def remap(value: Any) -> Any:
        return mapping.get(value, value) if isinstance(value, str) else value

    merged: dict[str, dict[str, Any]] = {}
    for entity in out.get("entities") or []:
        entity["id"] = remap(entity["id"])
        entity["code"] = codes.get(entity["id"])
        first = merged.setdefault(entity["id"], entity)
        if first is not entity:  # one corpus entity the article had as two: one entity, every mention
            spans = {(m["start"], m["end"]) for m in first["mentions"] + entity["mentions"]}
            first["mentions"] = [{"start": a, "end": b} for a, b in sorted(spans)]
            if entity["type"] == first["type"] and len(entity["name"]) > len(first["name"]):
                first["name"] = entity["name"]
            for key in ("role", "affiliation"):
                first[key] = first.get(key) or entity.get(key)
    if "entities" in out:
        out["entities"] = list(merged.values())
    for quote in out.get("quotes") or []:
        if quote.get("speaker"):
            quote["speaker"]["entity"] = remap(quote["speaker"].get("entity"))
    for event in out.get("events") or []:
        for actor in (event.get("source") or []) + (event.get("target") or []):
            actor["entity"] = remap(actor.get("entity"))
    for claim in out.get("claims") or []:
        for stance in claim.get("stances") or []:
            stance["entity"] = remap(stance.get("entity"))
    for quantity in out.get("quantities") or []:
        quantity["of"] = remap(quantity.get("of"))
    out["story"] = story
    return out

