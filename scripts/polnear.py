"""Reading PolNeAR's brat standoff files the way ``shared/eval/attribution_score.py`` reads them (shared by
the training scripts; standard library only)."""

from __future__ import annotations

import collections
import os
import re
from pathlib import Path


def parse_ann(path: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """Attributions of a brat file: role -> fragments (as the shared scorer reads them)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    rels = []
    lines: list[str] = []
    for ln in path.read_text(encoding="utf-8").split("\n"):
        if re.match(r"^[TEARN#]\d*\t", ln) or not lines:
            lines.append(ln)
        else:
            lines[-1] += "\n" + ln
    for line in lines:
        if line.startswith("T"):
            tid, mid, _ = line.split("\t", 2)
            _, offs = mid.split(" ", 1)
            spans[tid] = [(int(a), int(b)) for a, b in (f.split() for f in offs.split(";"))]
        elif line.startswith("E"):
            roles = collections.defaultdict(list)
            for arg in line.split("\t")[1].split():
                role, tid = arg.split(":")
                roles[re.sub(r"\d+$", "", role)].append(tid)
            rels.append(roles)
    out = []
    for roles in rels:
        out.append({r.lower(): sorted(f for t in roles.get(r, []) for f in spans[t])
                    for r in ("Content", "Source", "Cue")})
    return out


def load_split(root: Path) -> list[tuple[str, str, list[dict[str, list[tuple[int, int]]]]]]:
    """(name, text, attributions) per article, first annotator (sorted file names), as the scorer does."""
    seen: dict[str, Path] = {}
    for fn in sorted(os.listdir(root / "attributions")):
        base = fn.rsplit("_", 1)[0]
        seen.setdefault(base, root / "attributions" / fn)
    docs = []
    for base, ann in sorted(seen.items()):
        text = (root / "text" / f"{base}.txt").read_text(encoding="utf-8")
        docs.append((base, text, parse_ann(ann)))
    return docs
