"""Raw input files: names, size limits, gzip, character decoding and binary-junk checks.

Every problem becomes an ``InputError`` naming the file and the reason, so the batch goes on.
Text is kept as read, like Python's default ``open``: universal newlines (``\\r\\n`` and ``\\r``
become ``\\n``) and a leading byte-order mark dropped; nothing else changes, so offsets into the
text match what the scorers read.
"""

from __future__ import annotations

import codecs
import gzip
import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from newsgraph.errors import InputError

logger = logging.getLogger("newsgraph.ingest")

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Largest single .txt or .html input, in bytes after gzip decompression (bigger files are refused)."""

MAX_JSONL_LINE_BYTES = 16 * 1024 * 1024
"""Largest single line of a .jsonl input, in bytes; .jsonl files themselves may be any size (streamed)."""

MAX_CONTROL_CHAR_SHARE = 0.05
"""Text with a larger share of control characters (other than whitespace) is refused as binary data."""

MAX_DETECTION_CHAOS = 0.1
"""charset_normalizer's "mess" ratio above which a detected legacy encoding is not trusted."""

MAX_REPLACED_SHARE = 0.01
"""Text whose invalid bytes (in its encoding) are at most this share of it is read with U+FFFD in their place,
and a warning naming the input and the count; more than that, and it is refused (or read in a detected
legacy encoding)."""

GZIP_SUFFIX = ".gz"
SNIFF_BYTES = 8192

# Byte-order marks, longest first (UTF-32-LE starts with the UTF-16-LE mark).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")


def split_name(path: Path) -> tuple[str, str, bool]:
    """``(stem, suffix, gzipped)`` of a file name: ``a.html.gz`` -> ``("a", ".html", True)``."""
    name = path.name
    gzipped = name.lower().endswith(GZIP_SUFFIX)
    if gzipped:
        name = name[: -len(GZIP_SUFFIX)]
    inner = Path(name)
    return inner.stem, inner.suffix.lower(), gzipped


def os_reason(error: OSError) -> str:
    """A short reason for an operating-system error (no path: the caller names the input)."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    return error.strerror or str(error) or type(error).__name__


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes as a stream, gunzipped when its name ends in ``.gz``."""
    try:
        if split_name(path)[2]:
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as e:
        raise InputError(str(path), os_reason(e)) from e


def stream_error(path: Path | str, error: Exception) -> InputError:
    """The InputError for a failure while reading a (possibly gzipped) stream."""
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return InputError(str(path), f"not a valid gzip file ({error or 'truncated'})")
    if isinstance(error, OSError):
        return InputError(str(path), os_reason(error))
    return InputError(str(path), f"{type(error).__name__}: {error}")


def read_limited_bytes(path: Path, limit: int | None = None) -> bytes:
    """All bytes of one file (gunzipped if ``.gz``); refuses a file over ``limit`` (MAX_FILE_BYTES)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    with open_binary(path) as fh:
        try:
            data = fh.read(limit + 1)
        except (OSError, EOFError, zlib.error) as e:
            raise stream_error(path, e) from e
    if len(data) > limit:
        raise InputError(str(path), f"file is over the size limit of {limit:,} bytes")
    return data


def normalize_newlines(text: str) -> str:
    """Universal newlines, as Python's default ``open`` reads text."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def leading_bom(data: bytes) -> tuple[bytes, str] | None:
    """``(mark, encoding)`` of a leading byte-order mark, if any."""
    return next(((bom, encoding) for bom, encoding in _BOMS if data.startswith(bom)), None)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a leading byte-order mark announces, if any."""
    found = leading_bom(data)
    return found[1] if found else None


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML/XML page declares near its start (``<meta charset>``, ``<?xml encoding>``)."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _DECLARED_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding standard): Latin-1 and ASCII labels mean Windows-1252.
    return "cp1252" if encoding in ("iso8859-1", "latin-1", "ascii") else encoding


def detect_legacy_encoding(data: bytes) -> str | None:
    """A confident guess at a non-UTF-8 encoding, or None.

    Among charset_normalizer's least chaotic readings, the one that decodes the bytes like
    Windows-1252 (the commonest legacy encoding of English and Western European news) is
    preferred, since short Western texts fit several single-byte code pages equally well.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    least_chaos = min(m.chaos for m in matches)
    if least_chaos > MAX_DETECTION_CHAOS:
        return None
    best = [m for m in matches if m.chaos == least_chaos]
    for match in best:
        if "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best[0].encoding


def check_not_binary(text: str, where: str) -> None:
    """Refuse text that is really binary data (NUL bytes or many control characters)."""
    if "\x00" in text:
        raise InputError(where, "binary data, not text (contains NUL bytes)")
    sample = text[:65536]
    controls = len(_CONTROL_CHARS.findall(sample))
    if sample and controls / len(sample) > MAX_CONTROL_CHAR_SHARE:
        raise InputError(where, f"binary data, not text ({controls:,} control characters "
                                f"in {len(sample):,})")


def decode_bytes(data: bytes, where: str, declared: str | None = None) -> str:
    """Decode a whole file's bytes to text.

    Order: a byte-order mark (UTF-8/16/32); else UTF-8 if the bytes are valid UTF-8, or nearly
    (at most ``MAX_REPLACED_SHARE`` of them invalid, among real UTF-8 sequences: read with U+FFFD
    and a warning); else the ``declared`` charset (an HTML page's own); else a confident
    charset_normalizer guess; else nearly-UTF-8 ASCII with U+FFFD; else a clear error. A byte-order
    mark's encoding with a few invalid bytes is read with U+FFFD too. NUL bytes without a UTF-16/32
    mark mean binary data. The result has universal newlines and no byte-order mark.
    """
    found = leading_bom(data)
    if found is not None:
        bom, encoding = found
        body = data[len(bom):]
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as e:
            bad = invalid_bytes(body, encoding)
            if not nearly_valid(body, bad):
                raise InputError(where, f"not valid {encoding.upper()} despite its byte-order mark "
                                        f"(bad byte at offset {e.start})") from e
            text = replaced(body, encoding, bad, where)
    elif b"\x00" in data:
        raise InputError(where, "binary data, not text (contains NUL bytes)")
    else:
        text = _decode_without_bom(data, where, declared)
    check_not_binary(text, where)
    return normalize_newlines(text)


def _decode_without_bom(data: bytes, where: str, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        valid = data.decode("utf-8", "ignore")
        bad = len(data) - len(valid.encode("utf-8"))
        nearly_utf8 = nearly_valid(data, bad)
        if nearly_utf8 and not valid.isascii():  # real UTF-8 sequences around a few stray bytes
            return replaced(data, "utf-8", bad, where)
        candidates = [declared] if declared and declared != "utf-8" else []
        detected = detect_legacy_encoding(data)
        if detected:
            candidates.append(detected)
        for encoding in candidates:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
        if nearly_utf8:
            return replaced(data, "utf-8", bad, where)
        raise InputError(where, f"not UTF-8 (bad byte at offset {utf8_error.start}; {bad:,} of {len(data):,} "
                                "bytes invalid) and its encoding could not be detected; convert it to UTF-8"
                         ) from utf8_error


def invalid_bytes(data: bytes, encoding: str) -> int:
    """How many of ``data``'s bytes are not valid in ``encoding`` (those that decoding would replace)."""
    return len(data) - len(data.decode(encoding, "ignore").encode(encoding, "surrogatepass"))


def nearly_valid(data: bytes, bad: int) -> bool:
    """Whether ``bad`` invalid bytes are few enough in ``data`` to read it with replacement characters."""
    return 0 < bad <= len(data) * MAX_REPLACED_SHARE  # so one stray byte needs 100 bytes of text around it


def replaced(data: bytes, encoding: str, bad: int, where: str) -> str:
    """The bytes decoded with U+FFFD for each invalid sequence, and a warning naming the input."""
    logger.warning("%s: %d byte(s) not valid %s, read as U+FFFD replacement characters", where, bad,
                   encoding.upper())
    return data.decode(encoding, "replace")


@contextmanager
def warnings_naming(where: str, name: str) -> Iterator[None]:
    """While reading ``where`` (e.g. a temporary file holding an upload), its warnings name it ``name``."""

    def rename(record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if where in message:
            record.msg, record.args = message.replace(where, name), ()
        return True

    logger.addFilter(rename)
    try:
        yield
    finally:
        logger.removeFilter(rename)
