#!/usr/bin/env python3
"""Convert the PETRARCH/TABARI CAMEO dictionaries into the compact JSON the events stage loads.

Usage: python scripts/build_cameo_data.py [SHARED_DATA_DIR]   (default ../shared/data)

Reads ``cameo/CAMEO.2.0.txt`` (verb synonym sets and patterns), ``cameo/Phoenix.*.actors.txt``
(actor names -> CAMEO actor codes), ``cameo/Phoenix.agents.txt`` (role nouns -> sector codes)
and ``plover/CAMEO2PLOVER-2021.txt`` (CAMEO code -> PLOVER type, mode, context). Writes
``src/newsgraph/data/cameo/{verbs,actors,agents}.json.gz`` (MIT, (c) Open Event Data Alliance,
see LICENSE there) and ``src/newsgraph/data/plover/cameo2plover.json`` (CC BY-SA 4.0).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "newsgraph" / "data"
CODE_RE = re.compile(r"\[([^\]]*)\]")


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _words(name: str) -> str:
    """TABARI phrase ``RUSSIAN_FOREIGN_MINISTER_`` -> ``russian foreign minister``."""
    return " ".join(w for w in name.strip().strip("+").lower().split("_") if w)


def _code(raw: str) -> str | None:
    code = raw.strip().split(":")[0].strip()
    return None if not code or code.startswith("-") else code


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = _strip_comment(raw).strip()
        if line.startswith("&"):
            current = line.split()[0]
            synsets[current] = []
        elif line.startswith("+") and current:
            words = _words(line.split()[0]).upper()
            if words and " " not in words:
                synsets[current].append(words)
        elif not line:
            continue
        else:
            current = None
    return synsets


def _slots(part: str, synsets: dict[str, list[str]]) -> list[list[str]]:
    """Pattern words -> a list of slots, each a list of accepted upper-case words."""
    slots: list[list[str]] = []
    for word in re.sub(r"[{}()]", " ", part).split():
        if True:
            if word in {"$", "+", "^", "%", "*"} or not word.strip("$+^%"):
                continue
            word = word.strip("$+^%")
            if word.startswith("&"):
                alts = synsets.get(word, [])
                if alts:
                    slots.append(alts)
            else:
                slots.append([word.replace("_", " ") if "_" in word else word])
    return slots


def read_verbs(path: Path) -> dict[str, object]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    synsets = read_synsets(lines[:start])
    verbs: dict[str, dict[str, object]] = {}
    forms: dict[str, str] = {}
    block_verbs: list[str] = []
    block_code: str | None = None
    block_name = ""
    for raw in lines[start + 1 :]:
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if line.startswith("---"):
            m = CODE_RE.search(line)
            block_code = _code(m.group(1)) if m else None
            block_name = line.strip("- ").split()[0].upper() if line.strip("- ") else ""
            block_verbs = []
            continue
        if line.startswith("-"):
            m = CODE_RE.search(line)
            if not m or "*" not in line:
                continue
            body = line[1 : m.start()]
            pre, post = body.split("*", 1)
            pattern = [_slots(pre, synsets), _slots(post, synsets), _code(m.group(1))]
            for verb in block_verbs:
                verbs[verb]["patterns"].append(pattern)  # type: ignore[attr-defined]
            continue
        head = line.split("{")[0].split("[")[0].strip()
        if not head:
            continue
        m = CODE_RE.search(line.split("}")[-1])
        own_code = _code(m.group(1)) if m else block_code
        if head.startswith("+"):  # multi-word verb: VERB_PARTICLE
            parts = _words(head).upper().split()
            if not parts:
                continue
            entry = verbs.setdefault(
                parts[0], {"code": None, "patterns": [], "primary": False, "explicit": False}
            )
            entry["patterns"].append([[], [[w] for w in parts[1:]], own_code])  # type: ignore[attr-defined]
            continue
        verb = head.split()[0].upper()
        # a synonym inherits its block's code; only the block's own verb or an explicit code is trusted
        explicit = m is not None or verb == block_name
        entry = verbs.setdefault(
            verb, {"code": own_code, "patterns": [], "primary": True, "explicit": explicit}
        )
        if not entry["primary"]:
            entry["code"], entry["primary"], entry["explicit"] = own_code, True, explicit
        if verb not in block_verbs:
            block_verbs.append(verb)
        brace = re.search(r"\{([^}]*)\}", line)
        if brace:
            for form in brace.group(1).split():
                forms[form.upper()] = verb
    for entry in verbs.values():
        entry.pop("primary", None)
    for entry in verbs.values():  # longest patterns first, file order within a length
        entry["patterns"].sort(key=lambda p: -(len(p[0]) + len(p[1])))  # type: ignore[attr-defined]
    return {"verbs": verbs, "forms": forms}


def _pick_code(codes: list[tuple[str, str]]) -> str | None:
    """Of ``[CODE dates]`` lines prefer an open-ended range, then the latest start."""
    if not codes:
        return None
    open_ended = [c for c, d in codes if not d or d.endswith("-") or d.startswith(">")]
    if open_ended:
        return open_ended[-1]
    return sorted(codes, key=lambda cd: cd[1].split("-")[0][-6:])[-1][0]


def read_actors(paths: list[Path]) -> dict[str, str]:
    actors: dict[str, str] = {}
    for path in paths:
        names: list[str] = []
        codes: list[tuple[str, str]] = []

        def flush(names: list[str], codes: list[tuple[str, str]]) -> None:
            code = _pick_code(codes)
            if code:
                for name in names:
                    actors.setdefault(name, code)

        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = _strip_comment(raw)
            if not line.strip():
                continue
            stripped = line.strip()
            if stripped.startswith("["):
                for m in CODE_RE.finditer(stripped):
                    parts = m.group(1).split()
                    if parts:
                        codes.append((parts[0], parts[1] if len(parts) > 1 else ""))
                continue
            if stripped.startswith("+"):
                name = _words(stripped.split("[")[0].split()[0])
                if name:
                    names.append(name)
                continue
            flush(names, codes)
            names, codes = [], []
            name_part = stripped.split("[")[0].split()
            if name_part:
                names.append(_words(name_part[0]))
            for m in CODE_RE.finditer(stripped):
                parts = m.group(1).split()
                if parts:
                    codes.append((parts[0], parts[1] if len(parts) > 1 else ""))
        flush(names, codes)
    return actors


def read_agents(path: Path) -> dict[str, str]:
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            continue
        m = re.match(r"(![A-Z]+!)\s*=\s*(.*)", line)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        code_m = CODE_RE.search(line)
        if not code_m:
            continue
        code = code_m.group(1).strip().lstrip("~")[:3]
        name = line[: code_m.start()].split("{")[0].strip()
        variants = [name]
        for macro, alts in macros.items():
            if macro in name:
                variants = [v.replace(macro, alt) for v in variants for alt in alts]
        for v in variants:
            words = _words(v)
            if words:
                agents.setdefault(words, code)
    return agents


def read_cameo2plover(path: Path) -> dict[str, list[str | None]]:
    table: dict[str, list[str | None]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"(\d+):\s*(.*)", line)
        if not m:
            continue
        fields = [f.strip() or None for f in m.group(2).split(",")]
        fields += [None] * (3 - len(fields))
        event, mode, context = fields[:3]
        if event:
            table.setdefault(m.group(1), [event, mode, context])
    return table


def write_gz(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode())


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared" / "data"
    cameo = shared / "cameo"
    verbs = read_verbs(cameo / "CAMEO.2.0.txt")
    extra = read_verbs(cameo / "CAMEO.verbpatterns.150430.txt")  # verbs the 2.0 file dropped (URGE, ...)
    for verb, entry in extra["verbs"].items():  # type: ignore[attr-defined]
        verbs["verbs"].setdefault(verb, entry)  # type: ignore[attr-defined]
    for form, verb in extra["forms"].items():  # type: ignore[attr-defined]
        verbs["forms"].setdefault(form, verb)  # type: ignore[attr-defined]
    write_gz(OUT / "cameo" / "verbs.json.gz", verbs)
    write_gz(
        OUT / "cameo" / "actors.json.gz",
        read_actors(
            [cameo / f"Phoenix.{n}.actors.txt" for n in ("Countries", "International", "MilNonState")]
        ),
    )
    write_gz(OUT / "cameo" / "agents.json.gz", read_agents(cameo / "Phoenix.agents.txt"))
    plover = OUT / "plover" / "cameo2plover.json"
    plover.parent.mkdir(parents=True, exist_ok=True)
    plover.write_text(
        json.dumps(read_cameo2plover(shared / "plover" / "CAMEO2PLOVER-2021.txt"), sort_keys=True, indent=0)
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
