"""Within-document coreference check of the entities stage against ECB+ gold chains.

Usage: python benchmarks/coref_eval.py ../shared/data/ecbplus/dev.jsonl [--limit N] [--errors K]

For every gold mention of a HUMAN_PART chain that has an earlier mention of the same chain in
its document, and that is a pronoun, a proper name, or a common-noun phrase ("nominal"), it asks
whether the entity the stage put the mention in also holds an earlier mention overlapping a
gold mention of that chain. A mention the stage left out of every entity counts as wrong.
Prints accuracy by kind (pronoun / name / nominal; first- and second-person
pronouns apart, since the stage does not resolve them), also for gendered pronouns and for names
that are shorter than an earlier name of their chain (surnames, partial names).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from newsgraph.pipeline import load_nlp
from newsgraph.stages.entities import coref, coref_words
from newsgraph.stages.entities.entities import entity_state

PRONOUNS = coref_words.THIRD_PERSON_PRONOUNS | coref_words.RELATIVE_PRONOUNS
ENTITIES_STAGE = "newsgraph_entities_"  # name prefix: any version; the stages after it are not run


FIRST_SECOND_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
                                 "you", "your", "yours", "yourself"})


def mention_kind(text: str) -> str:
    low = text.lower().strip().strip('"“”')
    first_word = low.replace("’", "'").split("'")[0]
    if low in PRONOUNS:
        return "pronoun"
    if first_word in FIRST_SECOND_PERSON:
        return "pronoun:1st/2nd"
    words = text.split()
    capitalised = all(w[0].isupper() for w in words if w[0].isalpha())
    if words and words[0].lower() not in coref_words.DETERMINERS and capitalised:
        return "name"
    return "nominal"


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: Path, limit: int | None, show_errors: int) -> Counter[str]:
    nlp = load_nlp()
    counts: Counter[str] = Counter()
    errors: list[str] = []
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    if limit:
        rows = rows[:limit]
    names = nlp.pipe_names
    last = max(i for i, p in enumerate(names) if p.startswith(ENTITIES_STAGE))
    with nlp.select_pipes(disable=names[last + 1:]):  # the quotes stage before it leaves the tagger's vectors
        for row in rows:
            text = row["text"]
            doc = nlp(text)
            clusters = entity_state(doc).resolver.clusters
            gold = [g for g in row["gold"]["entities"] if g["type"].startswith("HUMAN_PART")]
            by_chain: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for g in gold:
                by_chain[g["chain"]].append((g["start"], g["end"]))
            for g in gold:
                span = (g["start"], g["end"])
                chain_spans = by_chain[g["chain"]]
                antecedents = [s for s in chain_spans if s[1] <= span[0]]
                if not antecedents:
                    continue
                mention_text = text[span[0] : span[1]]
                kind = mention_kind(mention_text)
                keys = [kind]
                if kind == "pronoun" and mention_text.lower() in coref_words.PERSON_PRONOUNS:
                    keys.append("pronoun:he/she")
                if kind == "name":
                    earlier_texts = [text[s[0] : s[1]] for s in antecedents]
                    if any(len(mention_text.split()) < len(t.split()) for t in earlier_texts):
                        keys.append("name:partial")
                owner = _owner(clusters, span)
                correct = owner is not None and any(
                    m.end <= span[0] and any(overlaps((m.start, m.end), a) for a in antecedents)
                    for m in owner.mentions)
                for key in keys:
                    counts[key + ":total"] += 1
                    linked = owner is not None and any(m.end <= span[0] for m in owner.mentions)
                    counts[key + ":linked"] += linked
                    counts[key + ":correct"] += correct
                if not correct and len(errors) < show_errors and kind != "nominal":
                    got = owner.name if owner else None
                    errors.append(f"{row['id']}: {mention_text!r} ({kind}) -> {got!r}; "
                                  f"gold earlier: {text[antecedents[-1][0]:antecedents[-1][1]]!r}")
    for line in errors:
        print(line)
    return counts


def _owner(clusters: list[coref.Cluster], span: tuple[int, int]) -> coref.Cluster | None:
    """The entity holding a mention that overlaps ``span`` (the tightest such mention wins)."""
    best: tuple[int, coref.Cluster] | None = None
    for cluster in clusters:
        for m in cluster.mentions:
            if overlaps((m.start, m.end), span):
                slack = abs(m.start - span[0]) + abs(m.end - span[1])
                if best is None or slack < best[0]:
                    best = (slack, cluster)
    return best[1] if best else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong pronoun/name links")
    args = parser.parse_args(argv)
    counts = evaluate(args.data, args.limit, args.errors)
    print(f"{'kind':<16}{'mentions':>9}{'linked':>8}{'accuracy':>10}{'precision':>11}")
    for key in ("pronoun", "pronoun:he/she", "pronoun:1st/2nd", "name", "name:partial", "nominal"):
        total, linked, correct = (counts[f"{key}:{x}"] for x in ("total", "linked", "correct"))
        if total:
            precision = correct / linked if linked else 0.0
            print(f"{key:<16}{total:>9}{linked:>8}{correct / total:>10.3f}{precision:>11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
