"""The source span of an attribution, tidied after the tagger and the rules have chosen it.

``subject_source`` puts the subject of the cue's verb in place of a source found elsewhere; ``trim_source``
cuts words that hang from outside the source; ``unsaid_source`` tells when the chosen span is
not who says anything at all: the subject of a passive cue with no "by" agent ("Oz has been dogged by
charges", "About one of every nine voters is expected to"), of a passive participle clause ahead of its
verb ("Asked about the deal, Clinton said"), or of "seem" / "appear" with no verb under it ("he seems ...").
PolNeAR marks no source there. The subject of a passive of feeling ("Republicans were incensed":
``data/lexicons/experiencer_verbs.txt``) stays, and so does a source that is not the subject.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from newsgraph.records import Span
from newsgraph.stages.lines import breaks_paragraph
from newsgraph.stages.parse import doc_text

RAISING = frozenset({"seem", "appear"})


@lru_cache(maxsize=1)
def experiencer_lemmas() -> frozenset[str]:
    text = resources.files("newsgraph").joinpath("data/lexicons/experiencer_verbs.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip().lower()))


def trim_source(doc: Doc, source: Span) -> Span:
    """The source without trailing words that hang from outside it ("The water board [on Monday] approved"):
    the span ends before the first token after its head whose own head lies outside the span; a span
    headed by a verb is cut to the verb's subject."""
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return source
    if span.root.pos_ in ("VERB", "AUX"):  # "officials ... faced off at the Council over": the subject
        subject = next((c for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")
                        and span.start <= c.left_edge.i and c.right_edge.i < span.end), None)
        if subject is not None:
            left, right = subject.left_edge, subject.right_edge
            return Span(left.idx, right.idx + len(right))
    head = None
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head is token:
            if head is None:
                head = token
            elif token.i > head.i and token.pos_ in ("ADP", "NOUN", "PROPN", "ADV", "PUNCT"):
                last = doc[token.i - 1]
                while last.i > head.i and last.is_punct:
                    last = doc[last.i - 1]
                if last.i < head.i or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in doc[span.start:last.i + 1]):
                    return source
                return Span(source.start, min(source.end, last.idx + len(last.text)))
    return source


def _cue_verb(doc: Doc, cue: Span) -> Token | None:
    """The cue's main verb: its first verb (not an auxiliary), raised past auxiliaries."""
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None:
        return None
    verb = next((t for t in span if t.pos_ == "VERB"), None)
    if verb is None:
        verb = next((t for t in span if t.pos_ == "AUX" and t.lemma_ in RAISING), None)
    return verb


def unsaid_source(doc: Doc, cue: Span | None, source: Span) -> bool:
    """Whether ``source`` is only the grammatical subject of a cue that names no one who says anything (see the
    module text); a source found elsewhere ("As stated in Davis' commentary") stays."""
    verb = _cue_verb(doc, cue) if cue is not None else None
    if verb is None:
        return False
    # "'s" before a participle is "has" as often as "is" ("who's called for"): no passive on its word alone
    deps = {c.dep_ for c in verb.children if not (c.dep_ == "auxpass" and c.lower_ in ("'s", "’s"))}
    if "agent" in deps:
        return False
    subject_of = None
    if "auxpass" in deps or "nsubjpass" in deps:
        subject_of = verb if verb.lemma_.lower() not in experiencer_lemmas() else None
    elif (verb.tag_ == "VBN" and verb.dep_ == "advcl" and verb.i < verb.head.i
            and not deps & {"aux", "nsubj", "auxpass"}):  # "Asked about the deal, she said"
        subject_of = verb.head if verb.lemma_.lower() not in experiencer_lemmas() else None
    elif verb.lemma_.lower() in RAISING and not any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")
                                                     for c in verb.children):
        subject_of = verb
    if subject_of is None:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") and source.start <= c.idx < source.end
               for c in subject_of.children)


def subject_source(doc: Doc, cue: Span | None, source: Span, content: list[Span]) -> Span:
    """The subject of the cue's verb in place of a ``source`` that is not it: the tagger takes the source
    nearest its cue, which may belong to another clause ('Cruz, who refused to endorse Trump ... . Cruz
    exhorted'; 'Climate change, Mr. Obama often says, is'). A verb joined to another by "and" with no subject
    of its own takes that verb's ('Clinton stressed her support ... and said'); a participle with none takes the
    noun it modifies ('a statement announcing the pick') or the subject of the verb it hangs from ('a friend
    commented, having a heated debate about'). The source stays where that subject runs over a line break (a
    headline parsed into the sentence) or into the content. For reported (indirect and mixed) attributions
    only: on the rules' direct quotes the subject of "said" is as often inside the quotation. PolNeAR dev:
    end-to-end 0.694 -> 0.707, source accuracy (overlap) 0.912 -> 0.928, direct end-to-end 0.878 -> 0.879."""
    verb = _cue_verb(doc, cue) if cue is not None else None
    if verb is None:
        return source
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    start = end = -1
    if (subject is None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubjpass", "expl") for c in verb.children)):  # "stressed ... and said"
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.tag_ == "VBG" and verb.head.i != verb.i:  # a participle: whose act it is
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            start, end = verb.head.left_edge.idx, verb.head.idx + len(verb.head)
        elif verb.dep_ in ("advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None and start < 0:
        return source
    if subject is not None:
        start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    if breaks_paragraph(doc_text(doc), start, end) or any(start < c.end and c.start < end for c in content):
        return source
    if start < source.end and source.start < end:
        return source
    return Span(start, end)
