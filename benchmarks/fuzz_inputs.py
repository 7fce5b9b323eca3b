"""The inputs of ``input_fuzz.py``: mutations, the formats with their seeds from DATA, and the seeded cases.

A new format (feeds, sitemaps, WARC) is one ``Format`` entry in ``FORMATS``: a suffix, the seeds found in DATA,
the mutations that fit it, and how many outcomes a valid file of it should give.
"""

from __future__ import annotations

import codecs
import gzip
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_SEED_BYTES = 400_000  # seed files larger than this are skipped (they only slow the run)
SEEDS_PER_FORMAT = 400

Mutation = Callable[[random.Random, bytes], bytes]


# -- mutations --------------------------------------------------------------------------------------


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def byte_flips(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 2, 5, 20, 200])):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def stray_byte(rng: random.Random, data: bytes) -> bytes:
    i = _pos(rng, data)
    return data[:i] + bytes([rng.choice([0x80, 0x92, 0xC3, 0xE2, 0xFE, 0xFF])]) + data[i:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:_pos(rng, data)]


def insert_junk(rng: random.Random, data: bytes) -> bytes:
    i = _pos(rng, data)
    junk = rng.choice([rng.randbytes(rng.randrange(1, 64)), b"<", b"</", b"&#", b'"', b"\\", b"{", b"]]>",
                       b"\r", b"\r\n\r\n", "\u2028\u2029".encode(), "\ufeff".encode(), b"\xed\xa0\x80"])
    return data[:i] + junk + data[i:]


def nul_bytes(rng: random.Random, data: bytes) -> bytes:
    i = _pos(rng, data)
    return data[:i] + b"\x00" * rng.choice([1, 2, 100]) + data[i:]


def control_chars(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 10, 1000])):
        out.insert(_pos(rng, bytes(out)), rng.choice([1, 7, 8, 11, 12, 27, 127]))
    return bytes(out)


def wrong_encoding(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-32", "shift_jis", "koi8-r", "cp437",
                           "mac_roman", "gb18030"])
    return text.encode(encoding, "replace")


def stray_bom(rng: random.Random, data: bytes) -> bytes:
    bom = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])
    return bom + data if rng.random() < 0.7 else data[:_pos(rng, data)] + bom + data


def huge_line(rng: random.Random, data: bytes) -> bytes:
    size = rng.choice([100_000, 1_000_000, 4_000_000])
    unit = rng.choice([b"x", b"word ", "\u00e9".encode(), b"<b>", b'"'])
    i = _pos(rng, data)
    return data[:i] + unit * (size // len(unit)) + data[i:]


def empty(rng: random.Random, data: bytes) -> bytes:
    return rng.choice([b"", b" ", b"\n\n\n", b"\t \r\n", "\u00a0".encode(), codecs.BOM_UTF8])


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    return rng.randbytes(rng.choice([1, 100, 5000, 100_000]))


def duplicate(rng: random.Random, data: bytes) -> bytes:
    return data * rng.choice([2, 3])


def deep_html(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([300, 3000, 30_000, 100_000])
    tag = rng.choice([b"div", b"span", b"table", b"b", b"p"]).decode()
    i = data.find(b"<body")
    i = data.find(b">", i) + 1 if i >= 0 else 0
    closing = (f"</{tag}>" * depth).encode() if rng.random() < 0.7 else b""  # sometimes never closed
    return data[:i] + f"<{tag}>".encode() * depth + data[i:] + closing


def broken_markup(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:  # tags stripped of their closing brackets
        return data.replace(b">", b"", rng.randrange(1, 500))
    if choice == 1:  # an unterminated comment or CDATA swallowing the rest
        i = _pos(rng, data)
        return data[:i] + rng.choice([b"<!--", b"<![CDATA[", b"<script>", b"<style>"]) + data[i:]
    if choice == 2:  # markup as text
        return data.replace(b"<", b"&lt;")
    return re.sub(rb"</?(p|div|article|main)\b", lambda m: m.group(0)[::-1], data)


def deep_json(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([100, 1000, 100_000])
    line = b"[" * depth + b"1" + b"]" * depth
    if rng.random() < 0.5:
        line = b'{"id": "deep", "text": ' + b"[" * depth + b'"x"' + b"]" * depth + b"}"
    lines = data.split(b"\n")
    lines.insert(rng.randrange(len(lines) + 1), line)
    return b"\n".join(lines)


def _json_lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def broken_json(rng: random.Random, data: bytes) -> bytes:
    lines = _json_lines(data)
    i = rng.randrange(len(lines))
    line = lines[i]
    choice = rng.randrange(7)
    if choice == 0 and line:  # a character dropped
        j = rng.randrange(len(line))
        line = line[:j] + line[j + 1:]
    elif choice == 1:
        line = line.rstrip(b"}") + b","
    elif choice == 2:
        line = line.replace(b'"text"', rng.choice([b'"txt"', b'"text": 5, "x"', b'"text": null, "y"']), 1)
    elif choice == 3:
        line = line.replace(b'"id"', rng.choice([b'"id": [1], "z"', b'"id": "", "z"', b'"id": true, "z"']), 1)
    elif choice == 4:  # lone surrogates and odd escapes in the text
        line = line.replace(b'"text": "', b'"text": "' + rng.choice([b"\\ud800", b"\\udfff\\ud800", b"\\u0000",
                                                                      b"\\x41", b"\\"]), 1)
    elif choice == 5:
        line = rng.choice([b"null", b"[]", b'"a string"', b"42", b"{}", b"{" * 50])
    else:  # two objects on one line
        line = line + line
    lines[i] = line
    return b"\n".join(lines)


def same_ids(rng: random.Random, data: bytes) -> bytes:
    return re.sub(rb'"id": *("[^"]*"|\d+)', b'"id": "same"', data)


COMMON: list[Mutation] = [byte_flips, stray_byte, truncate, insert_junk, nul_bytes, control_chars, wrong_encoding,
                          stray_bom, huge_line, empty, random_bytes, duplicate]


# -- formats --------------------------------------------------------------------------------------


def _read_seed(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    return data if 0 < len(data) <= MAX_SEED_BYTES else None


def _files(data_dir: Path, suffixes: tuple[str, ...]) -> list[Path]:
    found = [p for p in sorted(data_dir.rglob("*")) if p.is_file() and p.name.lower().endswith(suffixes)
             and not p.name.upper().startswith(("LICENSE", "README"))]
    return found


def seeds_by_suffix(suffixes: tuple[str, ...]) -> Callable[[Path, random.Random], list[bytes]]:
    def seeds(data_dir: Path, rng: random.Random) -> list[bytes]:
        files = _files(data_dir, suffixes)
        rng.shuffle(files)
        out = []
        for path in files:
            if (data := _read_seed(path)) is not None:
                out.append(data)
            if len(out) >= SEEDS_PER_FORMAT:
                break
        return out
    return seeds


def jsonl_seeds(data_dir: Path, rng: random.Random) -> list[bytes]:
    """Small JSON Lines files of 1-20 real lines each, from every .jsonl file in DATA."""
    pools = []
    for path in _files(data_dir, (".jsonl", ".jsonl.gz")):
        with (gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")) as fh:
            lines = [line.rstrip(b"\n") for _, line in zip(range(2000), fh, strict=False)]
        lines = [line for line in lines if len(line) < 60_000 and b'"text"' in line]  # articles, not gold files
        if lines:
            pools.append(lines)
    out = []
    for _ in range(SEEDS_PER_FORMAT if pools else 0):
        pool = rng.choice(pools)
        out.append(b"\n".join(rng.sample(pool, min(len(pool), rng.randint(1, 20)))) + b"\n")
    return out


def json_line_count(data: bytes) -> int | None:
    """The outcomes a JSON Lines file should give: one per line that is not blank (as the reader decodes it);
    None when that cannot be told from the bytes (a UTF-16/32 byte-order mark: read as that encoding)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    return sum(1 for line in data.split(b"\n") if line.decode("utf-8", "replace").strip())


@dataclass(frozen=True)
class Format:
    """One input format: its file suffix, where its seeds come from, the mutations that fit it, and how many
    outcomes a file of it should give (None: one)."""

    name: str
    suffix: str
    seeds: Callable[[Path, random.Random], list[bytes]]
    mutations: list[Mutation]
    outcomes: Callable[[bytes], int | None] | None = None


FORMATS: dict[str, Format] = {
    "txt": Format("txt", ".txt", seeds_by_suffix((".txt", ".txt.gz")), COMMON),
    "html": Format("html", ".html", seeds_by_suffix((".html", ".htm", ".html.gz", ".htm.gz")),
                   [*COMMON, deep_html, deep_html, broken_markup, broken_markup]),
    "jsonl": Format("jsonl", ".jsonl", jsonl_seeds, [*COMMON, broken_json, broken_json, broken_json, deep_json,
                                                     same_ids], outcomes=json_line_count),
}


# -- cases ----------------------------------------------------------------------------------------


@dataclass
class Case:
    number: int
    format: str
    name: str
    data: bytes
    mutations: list[str]
    gzipped: bool = False
    expected: int | None = None


def make_cases(data_dir: Path, count: int, seed: int, formats: list[str]) -> Iterator[Case]:
    rng = random.Random(seed)
    seeds = {name: FORMATS[name].seeds(data_dir, random.Random(f"{seed}:{name}")) for name in formats}
    usable = [name for name in formats if seeds[name]]
    if not usable:
        raise SystemExit(f"no seed files of {', '.join(formats)} under {data_dir}")
    for number in range(count):
        fmt = FORMATS[usable[number % len(usable)]]
        data = rng.choice(seeds[fmt.name])
        applied = []
        for mutation in rng.sample(fmt.mutations, rng.choice([1, 1, 2, 3])):
            data = mutation(rng, data)
            applied.append(mutation.__name__)
        expected = fmt.outcomes(data) if fmt.outcomes is not None else 1
        gzipped = rng.random() < 0.1
        if gzipped:
            data = gzip.compress(data, 1)
            if rng.random() < 0.3:
                data = data[:rng.randrange(len(data))]
                applied.append("gzip_truncated")
                expected = None  # a broken stream ends the file where it breaks
            else:
                applied.append("gzip")
        yield Case(number, fmt.name, f"case-{number:06d}{fmt.suffix}" + (".gz" if gzipped else ""), data, applied,
                   gzipped, expected)
