"""The HTTP layer's imports: the service layer, the records and errors, the web app; never the store, spaCy, the
stages or the models directly (``newsgraph.http``'s docstring)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import newsgraph.http

ALLOWED = {"newsgraph.http", "newsgraph.service", "newsgraph.records", "newsgraph.errors", "newsgraph.web"}


def test_the_http_layer_imports_only_the_service_records_errors_and_web() -> None:
    folder = Path(newsgraph.http.__file__).parent
    imported = {(path.name, name) for path in folder.glob("*.py")
                for name in re.findall(r"^\s*(?:from|import) (newsgraph(?:\.\w+)?|spacy|duckdb)\b", path.read_text(
                    encoding="utf-8"), re.MULTILINE)}
    assert imported and {(f, name) for f, name in imported if name not in ALLOWED} == set()
    code = ("import sys, newsgraph.http; sys.exit(1 if {'spacy', 'onnxruntime'} & set(sys.modules) or any("
            "m.startswith('newsgraph.stages') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
