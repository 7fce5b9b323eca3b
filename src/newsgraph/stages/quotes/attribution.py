"""Stage ``newsgraph_quotes_v2``: attributions from the learned tagger, with the rules where they measure better.

The attribution tagger (``models/tagger.py``; trained by ``scripts/train_attribution.py`` on PolNeAR train)
marks content, cue and source spans over overlapping windows of the article; ``attribution_link`` groups
them into attributions. The rules of ``newsgraph_quotes_v1`` (``quotes.py``) run too, and the two are
combined per class as chosen on PolNeAR dev (``STRATEGY``; the figures are in docs/measurements.md):

* ``hybrid`` (the default): the rules' direct quotes whole (quotation marks found and cued by the parse:
  their boundaries and sources measure better) unless a tagger content holds one and runs well past it (a
  quoted phrase in a reported statement: ``_wider``), the tagger's attributions for everything they do not
  overlap, each taking the source of the rules' attribution it overlaps most, where there is one;
* ``tagger-source``: the same without the rules' direct quotes;
* ``rules-direct`` / ``rules-first``: the rules' direct quotes (or all the rules' attributions), plus the
  tagger's where they overlap none of them;
* ``tagger``: the tagger alone; ``rules``: the rules alone (``newsgraph_quotes_v1``; no model loaded).

``NEWSGRAPH_ATTRIBUTION_STRATEGY`` overrides the strategy (benchmarks compare them). The tagger skips the
windows that reach no sentence near a possible cue (a cue lemma of the learned lexicon, a quotation mark,
a colon, "according"; one sentence of context each side); the windows it reads are read whole. The model
loads once per process, when the pipeline is built: a missing or corrupt model file is an error then, not
in the middle of a batch. Where the process may use more than one core, ``pipe`` runs the tagger on each batch
in threads of its own while the pipeline parses the next batches (``NEWSGRAPH_TAGGER_AHEAD``: the number of
those threads, two by default, one in extraction workers; ``0`` runs it in line; the output is the same). Every
quote gets ``speech`` (``speech.py``).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from newsgraph.cores import usable_cores
from newsgraph.models.tagger import AHEAD_ENV, ModelError, Tagged, TokenTagger, model_threads
from newsgraph.models.vectors import DOC_KEY, PieceVectors
from newsgraph.records import Quote, QuoteKind, Span
from newsgraph.stages.parse import doc_text
from newsgraph.stages.quotes.lexicon import CUE_PRECISION
from newsgraph.stages.quotes.link import WORD_RE, link
from newsgraph.stages.quotes.marks import find_quoted_passages, passage_groups
from newsgraph.stages.quotes.quotes import extract_quotes, set_speech
from newsgraph.stages.quotes.sources import subject_source, trim_source, unsaid_source

STRATEGIES = ("tagger", "rules-direct", "rules-first", "tagger-source", "hybrid", "rules")
STRATEGY = "hybrid"
MIN_CONTENT_WORDS = 2  # a tagger content of one word ("the") is no statement (PolNeAR dev: e2e 0.663 -> 0.668)
MIN_CUE_PRECISION = 0.3  # a lemma opens a tagger region when one of its constructions reaches this in train
WIDER_CHARS = 20  # a tagger content this much longer than a quotation it holds replaces it (``_wider``)
REGION_MARKS = set("\"“”«»:")
DOUBLE_QUOTE_MARKS = "\"“”«»"
Tagging = tuple[list[Quote], PieceVectors | None]  # the tagger's attributions of one text and its vectors
MODEL_ENV = "NEWSGRAPH_ATTRIBUTION_MODEL"
AHEAD_THREADS = 2  # two batches read at once: one keeps the core the pipeline leaves while it waits busy


def ahead_threads() -> int:
    """Threads reading the tagger's batches ahead of the pipeline: ``NEWSGRAPH_TAGGER_AHEAD``, else
    ``AHEAD_THREADS`` where the process may use more than one core, else none (the tagger runs in line)."""
    value = os.environ.get(AHEAD_ENV, "").strip()
    if not value:
        return AHEAD_THREADS if usable_cores() > 1 else 0
    try:
        return max(0, int(value))
    except ValueError:
        raise ModelError(f"{AHEAD_ENV}={value!r} is not a number of threads") from None


def model_dir() -> Path:
    """The shipped tagger folder, or the one ``NEWSGRAPH_ATTRIBUTION_MODEL`` names."""
    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override)
    return Path(str(resources.files("newsgraph").joinpath("data/models/attribution")))


@lru_cache(maxsize=4)
def load_tagger(folder: str, threads: int | None = None) -> TokenTagger:
    """One tagger per process, folder and thread count."""
    return TokenTagger(folder, threads)


@lru_cache(maxsize=1)
def cue_lemmas() -> frozenset[str]:
    return frozenset(key.split("|", 1)[0] for key, p in CUE_PRECISION.items()
                     if p >= MIN_CUE_PRECISION and not key.startswith(("_", "*")))


def regions(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the sentences near a possible cue, one sentence of context each side."""
    lemmas = cue_lemmas()
    sents = list(doc.sents)
    hot = [any(t.lemma_.lower() in lemmas or t.lower_ == "according" or (t.text in REGION_MARKS)
               or any(ch in DOUBLE_QUOTE_MARKS for ch in t.text) for t in s) for s in sents]
    out = []
    for k, s in enumerate(sents):
        if hot[k] or (k > 0 and hot[k - 1]) or (k + 1 < len(sents) and hot[k + 1]):
            out.append((s.start_char, s.end_char))
    return out


def _kind(text: str, content: list[tuple[int, int]], passages: list[tuple[int, int]]) -> QuoteKind:
    def enclosed(a: int, b: int) -> bool:
        return any(ps <= a and b <= pe for ps, pe in passages)

    if all(enclosed(a, b) for a, b in content):
        return "direct"
    if any(ch in text[a:b] for a, b in content for ch in DOUBLE_QUOTE_MARKS):
        return "mixed"
    return "indirect"


def tagger_quotes(text: str, tagged: Tagged) -> list[Quote]:
    found = find_quoted_passages(text)
    passages = [(p.start, p.end) for p in found]
    quotes = []
    quoted = [(found[g[0]].start, found[g[-1]].end) for g in passage_groups(found)]  # one range per quotation
    for a in link(text, tagged.spans["content"], tagged.spans["cue"], tagged.spans["source"], quoted):
        if a.cue is None and a.source is None:  # no one says it (PolNeAR dev, dropped: e2e F1 0.630 -> 0.636)
            continue
        if sum(len(WORD_RE.findall(text[s:e])) for s, e in a.content) < MIN_CONTENT_WORDS:
            continue
        quotes.append(Quote(content=[Span(s, e) for s, e in a.content], cue=Span(*a.cue) if a.cue else None,
                            source=Span(*a.source) if a.source else None, kind=_kind(text, a.content, passages)))
    return quotes


def _overlap(a: Quote, b: Quote) -> int:
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a.content for y in b.content)


def _length(q: Quote) -> int:
    return sum(x.end - x.start for x in q.content)


def _wider(direct: Quote, tagged: list[Quote]) -> Quote:
    """The tagger's attribution in place of a rules' direct quote that it holds whole and runs past by
    ``WIDER_CHARS`` or more: a quoted phrase inside a reported statement ('Ditto said via email that, "Of course
    Mr. Trump is going to defend himself" against what ...'). The rules' source stays where the tagger has none.
    PolNeAR dev: e2e 0.686 -> 0.692, direct e2e 0.860 -> 0.876, exact 0.604 -> 0.609 (margins of 1, 10 and 40
    characters: within 0.001 of these)."""
    size = _length(direct)
    for t in tagged:
        if len(t.content) == 1 and _overlap(t, direct) >= size and _length(t) >= size + WIDER_CHARS:
            if t.source is None:
                t.source = direct.source
            return t
    return direct


def combine(rules: list[Quote], tagged: list[Quote], strategy: str) -> list[Quote]:
    """One list of attributions from the rules' and the tagger's, per ``strategy`` (see the module text)."""
    if strategy == "rules":
        return rules
    if strategy == "tagger":
        return tagged
    if strategy in ("rules-direct", "rules-first"):
        kept = [q for q in rules if q.kind == "direct"] if strategy == "rules-direct" else list(rules)
        return kept + [q for q in tagged if not any(_overlap(q, r) for r in kept)]
    # tagger-source / hybrid: the tagger's contents and cues with the source of the rules' quote they overlap
    # most; hybrid also keeps the rules' direct quotes whole. The rules' attributions nested inside a tagger
    # content (one BIO layer cannot mark them) are left out: adding them lowered PolNeAR dev (content F1 0.759 ->
    # 0.729, end-to-end 0.658 -> 0.630; only named sources with a speech cue: 0.754 / 0.654)
    out: list[Quote] = []
    if strategy == "hybrid":
        out = [q for q in rules if q.kind == "direct"]
        widened: list[Quote] = []
        for d in out:
            w = _wider(d, tagged)
            if not any(w is x for x in widened):  # one tagger content can hold two quotations
                widened.append(w)
        out = widened
        tagged = [q for q in tagged if not any(_overlap(q, d) for d in out)]
        rules = [q for q in rules if q.kind != "direct"]
    for q in tagged:
        best = max(range(len(rules)), key=lambda k: _overlap(q, rules[k]), default=None)
        if best is not None and _overlap(q, rules[best]) > 0 and rules[best].source is not None:
            q.source = rules[best].source  # the tagger's cue measures better than the rules' (0.80 / 0.69)
        out.append(q)
    return out


class Attribution:
    """The ``newsgraph_quotes_v2`` component: batches the tagger's windows over the Docs of ``pipe``."""

    def __init__(self, strategy: str = STRATEGY, use_regions: bool = True, batch_size: int = 16) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown attribution strategy {strategy!r} (one of {', '.join(STRATEGIES)})")
        self.strategy = os.environ.get("NEWSGRAPH_ATTRIBUTION_STRATEGY", strategy)
        self.use_regions = os.environ.get("NEWSGRAPH_ATTRIBUTION_REGIONS", "1" if use_regions else "0") != "0"
        self.batch_size = batch_size
        # the tagger reads batches ahead in threads of its own when the process has a core to spare for them;
        # the model then keeps a core free for this thread (300 Reuters articles on 2 cores: 31.1 s -> 21.3 s
        # with one such thread; 1,000 with two: docs/measurements.md)
        self.ahead = ahead_threads()
        threads = model_threads(reserved=1 if self.ahead else 0)
        self.tagger = None if self.strategy == "rules" else load_tagger(str(model_dir()), threads)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self._finish([doc], self._tag(*self._input([doc])))))  # one Doc: no thread

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        batches = minibatch(docs, size=batch_size or self.batch_size)
        if self.tagger is None or not self.ahead:
            for batch in batches:
                yield from self._finish(batch, self._tag(*self._input(batch)))
            return
        # the tagger (ONNX Runtime lets go of the GIL) reads batches k, k + 1, ... in its threads while this one
        # parses the next batch upstream and runs the rules and the later stages on the oldest batch read; at
        # most twice as many batches as threads are in flight. Each batch is read as one, as in line: the
        # output does not depend on the threads
        with ThreadPoolExecutor(max_workers=self.ahead, thread_name_prefix="newsgraph-tagger") as pool:
            pending: deque[tuple[list[Doc], Future[list[Tagging]]]] = deque()
            for batch in batches:
                pending.append((batch, pool.submit(self._tag, *self._input(batch))))
                if len(pending) > 2 * self.ahead:
                    done, future = pending.popleft()
                    yield from self._finish(done, future.result())
            while pending:
                done, future = pending.popleft()
                yield from self._finish(done, future.result())

    def _input(self, batch: list[Doc]) -> tuple[list[str], list[list[tuple[int, int]]] | None]:
        """What the tagger reads of a batch: the texts and, unless turned off, the regions near a cue."""
        return [doc_text(d) for d in batch], [regions(d) for d in batch] if self.use_regions else None

    def _tag(self, texts: list[str], spans: list[list[tuple[int, int]]] | None) -> list[Tagging]:
        """The tagger's attributions of each text and its piece vectors (none when the tagger is off)."""
        if self.tagger is None:
            return [([], None) for _ in texts]
        return [(tagger_quotes(text, t), t.vectors)
                for text, t in zip(texts, self.tagger.tag(texts, spans), strict=True)]

    def _finish(self, batch: list[Doc], tagged: list[Tagging]) -> Iterator[Doc]:
        for doc, (tq, vectors) in zip(batch, tagged, strict=True):
            if vectors is not None:
                doc.user_data[DOC_KEY] = vectors  # read (and dropped) by the entities stage
            rules = extract_quotes(doc) if self.strategy != "tagger" else []
            quotes = combine(rules, tq, self.strategy)
            for q in quotes:
                if q.source is not None and q.kind != "direct":
                    q.source = subject_source(doc, q.cue, q.source, q.content)
                if q.source is not None:
                    q.source = None if unsaid_source(doc, q.cue, q.source) else trim_source(doc, q.source)
            quotes.sort(key=lambda q: (q.start, q.end))
            set_speech(doc, quotes)
            doc._.ng_quotes = quotes
            yield doc


@Language.factory("newsgraph_quotes_v2", default_config={"strategy": STRATEGY, "use_regions": True})
def make_attribution(nlp: Language, name: str, strategy: str, use_regions: bool) -> Attribution:
    return Attribution(strategy, use_regions)
