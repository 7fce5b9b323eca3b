"""The eval gate: extract each shared dev set with ``newsgraph extract``, score it with the shared
scorer, and fail below the floors in ``eval/floors.json`` (like trafilatura's eval gate)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

FLOORS = json.loads((REPO_ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
GATES = sorted(k for k in FLOORS if not k.startswith("_") and "flow" not in FLOORS[k])


_PREDICTIONS: dict[str, Path] = {}


def predictions_for(input_path: Path, out_dir: Path) -> Path:
    """``newsgraph extract`` of one dev input, run once per session and shared by the gates that score it."""
    key = str(input_path)
    if key not in _PREDICTIONS:
        pred = out_dir / f"pred-{len(_PREDICTIONS)}.jsonl"
        subprocess.run([sys.executable, "-m", "newsgraph", "extract", key, "-o", str(pred)], check=True)
        _PREDICTIONS[key] = pred
    return _PREDICTIONS[key]


def floor_flag(name: str) -> str:
    """The scorer's flag for a floor: "content-f1" -> --min-content-f1; "min" -> --min."""
    return "--min" if name == "min" else f"--min-{name}"


@pytest.mark.eval
@pytest.mark.parametrize("gate", GATES)
def test_dev_set_meets_its_floors(gate: str, shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    spec = FLOORS[gate]
    scorer = shared_data.parent / "eval" / spec["scorer"]
    if not scorer.is_file():
        pytest.skip(f"scorer {scorer} is not present")
    data, input_path = shared_data / spec["data"], shared_data / spec["input"]
    if "wrap" in spec:  # the dev set's text wrapped into lines as wire copy is (benchmarks/wrap_text.py)
        data = tmp_path_factory.mktemp(gate) / Path(spec["data"]).name
        wrapper = REPO_ROOT / "benchmarks" / "wrap_text.py"
        subprocess.run([sys.executable, str(wrapper), str(shared_data / spec["data"]), str(data),
                        "--width", str(spec["wrap"])], check=True)
        input_path = data if spec["input"] == spec["data"] else data / Path(spec["input"]).relative_to(spec["data"])
    pred = predictions_for(input_path, tmp_path_factory.getbasetemp())
    floor_args = [arg for name, value in spec["floors"].items() for arg in (floor_flag(name), str(value))]
    extra = [str(arg) for arg in spec.get("args", [])]  # scorer options, e.g. ["--types", "person,place"]
    result = subprocess.run([sys.executable, str(scorer), str(data), str(pred), *extra, *floor_args],
                            capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, f"{gate} below its floors:\n{result.stdout}{result.stderr}"
    json_floors = spec.get("json_floors", {})  # figures the scorer prints with --json but has no --min-* flag for
    if json_floors:
        result = subprocess.run([sys.executable, str(scorer), str(data), str(pred), *extra, "--json"],
                                capture_output=True, text=True, check=True)
        below = {}
        for path, floor in json_floors.items():  # "all.content_exact_f1": a dotted path into the JSON
            value = json.loads(result.stdout)
            for key in path.split("."):
                value = value[key]
            if value < floor:
                below[path] = (value, floor)
        assert not below, f"{gate} below its floors (value, floor): {below}"
