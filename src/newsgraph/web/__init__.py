"""The web app: a single page served beside the JSON API, with charting libraries from installed packages.

Nothing is built at run time and no third-party JavaScript lives in the repository: Plotly comes from the
``plotly`` package and vis-network from the ``pyvis`` package, both served under ``/vendor/``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"

# URL name under /vendor/ -> (package, path inside that package)
VENDOR_FILES: dict[str, tuple[str, str]] = {
    "plotly.min.js": ("plotly", "package_data/plotly.min.js"),
    "vis-network.min.js": ("pyvis", "lib/vis-9.1.2/vis-network.min.js"),
    "vis-network.css": ("pyvis", "lib/vis-9.1.2/vis-network.css"),
}

_VENDOR_CACHE = "public, max-age=86400"


def _package_file(package: str, relative: str) -> Path | None:
    """A file shipped inside an installed package, found without importing the package; None if absent."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / relative
        if candidate.is_file():
            return candidate
    return None


def vendor_path(name: str) -> Path | None:
    """Where the vendored file served as ``/vendor/<name>`` lives; None if unknown or not installed."""
    entry = VENDOR_FILES.get(name)
    return _package_file(*entry) if entry else None


def mount_web(app: FastAPI) -> None:
    """Serve the single-page app at ``/``, its files at ``/static/`` and the chart libraries at ``/vendor/``."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> FileResponse:
        path = vendor_path(name)
        if path is None:
            raise HTTPException(status_code=404, detail=f"no vendored file {name!r}")
        return FileResponse(path, headers={"Cache-Control": _VENDOR_CACHE})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
