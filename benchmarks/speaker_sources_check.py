"""Sanity check of the speakers stage on PolNeAR's gold attributions (sources given, speakers not).

Usage: python benchmarks/speaker_sources_check.py ../shared/data/polnear/train [--limit N] [--samples K]

Feeds each article's gold attributions (first annotator, read with the shared scorer's reader) to
the speakers stage as quotes and reports, by kind of source text, how often the stage resolves
the source to an entity: third-person pronouns (he/she...) should resolve to a person named
earlier, names to their entity (surnames to a fuller name), "the ..." role nouns to the person
introduced with that role. PolNeAR has no gold speaker identities, so ``--samples`` prints
random resolved pronoun sources with their context for reading by eye.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
from collections import Counter
from pathlib import Path

from newsgraph.pipeline import load_nlp
from newsgraph.records import Quote, Span
from newsgraph.stages.entities import coref_words
from newsgraph.stages.entities.entities import entity_state
from newsgraph.stages.entities.speakers import resolve_speakers

LATER_STAGES = ("newsgraph_quotes_", "newsgraph_speakers_")  # name prefixes: any version
SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "attribution_score.py"


def load_gold(split: Path) -> dict[str, tuple[str, list[dict]]]:
    spec = importlib.util.spec_from_file_location("attribution_score", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the shared scorer at {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_gold(str(split))  # type: ignore[no-any-return]


def source_kind(text: str) -> str:
    low = text.lower().strip()
    if low in coref_words.PERSON_PRONOUNS:
        return "pronoun:he/she"
    if low in coref_words.PLURAL_PRONOUNS | coref_words.NEUTER_PRONOUNS:
        return "pronoun:it/they"
    if low.split()[0] in ("the", "this", "that") and len(low.split()) > 1:
        return "the-nominal"
    if text[:1].isupper():
        return "name"
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--samples", type=int, default=0)
    args = parser.parse_args(argv)
    gold = load_gold(args.split)
    names = sorted(gold)[: args.limit] if args.limit else sorted(gold)
    nlp = load_nlp()
    counts: Counter[str] = Counter()
    samples: list[str] = []
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p.startswith(LATER_STAGES)]):
        for name in names:
            text, attributions = gold[name]
            doc = nlp(text)
            entity_state(doc)
            quotes = []
            for a in attributions:
                if not a["source"]:
                    continue
                content = [Span(s, e) for s, e in a["content"]]
                cue = Span(*a["cue"]) if a["cue"] else None
                quotes.append(Quote(content, cue, Span(*a["source"]), "indirect"))
            resolve_speakers(doc, quotes)
            entities = {e.id: e for e in doc._.ng_entities}
            for q in quotes:
                assert q.source is not None
                source_text = q.source.text_of(text)
                kind = source_kind(source_text)
                speaker = q.speaker
                entity = entities.get(speaker.entity) if speaker and speaker.entity else None
                counts[f"{kind}:total"] += 1
                counts[f"{kind}:entity"] += entity is not None
                counts[f"{kind}:person"] += entity is not None and entity.type == "PERSON"
                if entity is not None and len(entity.name.split()) > len(source_text.split()):
                    counts[f"{kind}:fuller"] += 1
                if kind == "pronoun:he/she" and entity is not None:
                    samples.append(f"{name}: {text[max(0, q.source.start - 150):q.source.end]!r} -> {entity.name}")
    print(f"{'source kind':<18}{'sources':>8}{'->entity':>10}{'->person':>10}{'fuller name':>13}")
    for kind in ("pronoun:he/she", "pronoun:it/they", "name", "the-nominal", "other"):
        total = counts[f"{kind}:total"]
        if total:
            print(f"{kind:<18}{total:>8}{counts[f'{kind}:entity'] / total:>10.3f}"
                  f"{counts[f'{kind}:person'] / total:>10.3f}{counts[f'{kind}:fuller'] / total:>13.3f}")
    rng = random.Random(0)
    for line in rng.sample(samples, min(args.samples, len(samples))):
        print(" ".join(line.split()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
