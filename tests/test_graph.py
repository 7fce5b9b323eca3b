"""The actor graph writers: GEXF, GraphML and CSV, each parsed back."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newsgraph.graph import ActorGraph, graph_format
from newsgraph.store import EdgeRow

ROWS = [
    EdgeRow("acts_on", "E1", "Russia", "GPE", "RUS", "E2", "Ukraine", "GPE", "UKR", 3),
    EdgeRow("speaks_about", "E3", "Linda Thomas-Greenfield", "PERSON", None, "E1", "Russia", "GPE", "RUS", 2),
    EdgeRow("acts_on", "E4", "AT&T <Corp>", "ORG", None, "E2", "Ukraine", "GPE", "UKR", 1),
]


def test_nodes_and_edges_from_rows() -> None:
    graph = ActorGraph.from_rows(ROWS)
    assert set(graph.nodes) == {"E1", "E2", "E3", "E4"}
    assert graph.nodes["E1"] == {"label": "Russia", "type": "GPE", "code": "RUS"}
    assert ("E1", "E2", "acts_on", 3) in graph.edges


def test_gexf_parses_back(tmp_path: Path) -> None:
    path = ActorGraph.from_rows(ROWS).write(tmp_path / "g.gexf")
    root = ET.parse(path).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    labels = {n.get("id"): n.get("label") for n in root.iterfind(".//g:node", ns)}
    assert labels["E4"] == "AT&T <Corp>"  # escaped on the way out, intact on the way back
    edges = [(e.get("source"), e.get("target"), e.get("kind"), e.get("weight")) for e in root.iterfind(".//g:edge", ns)]
    assert ("E3", "E1", "speaks_about", "2") in edges and len(edges) == 3


def test_graphml_parses_back_and_networkx_reads_it(tmp_path: Path) -> None:
    path = ActorGraph.from_rows(ROWS).write(tmp_path / "g.graphml")
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = ET.parse(path).getroot()
    assert len(root.findall(f".//{ns}node")) == 4
    nx = pytest.importorskip("networkx")
    read = nx.read_graphml(path)
    assert read.is_directed()
    assert read.edges["E1", "E2"]["weight"] == 3 and read.nodes["E3"]["label"] == "Linda Thomas-Greenfield"


def test_csv_one_edge_a_row(tmp_path: Path) -> None:
    path = ActorGraph.from_rows(ROWS).write(tmp_path / "edges.out", fmt="csv")
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0] == {"source": "E1", "source_name": "Russia", "target": "E2", "target_name": "Ukraine",
                       "kind": "acts_on", "weight": "3"}


def test_format_from_the_suffix() -> None:
    assert graph_format("x/Graph.GEXF") == "gexf"
    with pytest.raises(ValueError):
        graph_format("graph.json")
