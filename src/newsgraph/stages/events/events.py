"""Stage ``newsgraph_events_v1``: PLOVER events with coded actors, modality and dates.

For each sentence the verbs are looked up in the CAMEO verb dictionary (verb plus its pattern
words, e.g. CALL + "for ceasefire" -> 0256), the CAMEO code is mapped to a PLOVER type, mode and
context (``triggers.py``), and the most prominent coded verb of the sentence (the one nearest the
root, past reporting verbs) becomes the sentence's event. Its source and target are the subject and
the object (or a prepositional object) of the verb or of the verbs governing it (``arguments.py``),
coded by ``actor_coding`` (``actors.py``); its modality, adjusted type and date come from
``modality.py``. Runs last: it reads ``doc._.ng_entities``, ``doc._.ng_quotes`` and
``doc._.ng_times`` when the earlier stages left them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.records import Actor, Entity, Event, Quote, Span, TimeExpression
from newsgraph.stages.events.actors import PRONOUNS, ActorCoder, sources_and_targets
from newsgraph.stages.events.arguments import SUBJECT_DEPS
from newsgraph.stages.events.modality import adjust_type, attached_date, modality, reporting_quote
from newsgraph.stages.events.triggers import Candidate, trigger_candidates

MAX_TRIES = 3  # candidate events tried per sentence, most prominent first, until one has actors


def events_of(doc: Doc) -> list[Event]:
    """The main event of each sentence that has one: its most prominent coded verb (or event noun)
    whose source or target is a coded actor."""
    entities: list[Entity] = list(doc._.ng_entities or [])
    quotes: list[Quote] = list(doc._.ng_quotes or [])
    times: list[TimeExpression] = list(doc._.ng_times or [])
    coder = ActorCoder(doc, entities, quotes)
    events: list[Event] = []
    for sent in doc.sents:
        candidates = sorted(trigger_candidates(sent), key=lambda c: (c.depth, not c.specific, c.token.i))
        chosen: Candidate | None = None
        sources: list[Actor] = []
        targets: list[Actor] = []
        for candidate in candidates[:MAX_TRIES]:
            sources, targets = sources_and_targets(candidate, coder)
            if sources or targets:  # PLOVER events are between political actors; "prices were cut" is none
                chosen = candidate
                break
        if chosen is None:
            for tok in sent:  # keep pronoun resolution in step with the text
                if tok.dep_ in SUBJECT_DEPS and tok.lower_ not in PRONOUNS:
                    subject_actor = coder.actor(tok)
                    if subject_actor:
                        coder.remember([subject_actor])
            continue
        coder.remember(sources)
        trigger_tok = chosen.token
        plover = chosen.plover
        event_type = adjust_type(trigger_tok, plover.type)
        trigger = Span(trigger_tok.idx, trigger_tok.idx + len(trigger_tok.text))
        sentence_end = sent.end_char
        while sentence_end > sent.start_char and coder.text[sentence_end - 1].isspace():
            sentence_end -= 1
        reported_by = reporting_quote(quotes, trigger)
        events.append(
            Event(
                type=event_type,
                trigger=trigger,
                sentence=Span(sent.start_char, sentence_end),
                mode=plover.mode if event_type == plover.type else None,
                context=plover.context,
                cameo=chosen.cameo,
                modality=modality(trigger_tok, event_type, reported_by is not None),
                source=sources,
                target=targets,
                date=attached_date(doc, trigger_tok, times),
                reported_by=reported_by,
            )
        )
    return events


@Language.component("newsgraph_events_v1")
def events_component(doc: Doc) -> Doc:
    doc._.ng_events = events_of(doc)
    return doc
