"""The actor graph: who acted on whom (event source -> target) and who spoke about whom (a quote's speaker ->
the entities its words mention), weighted, over one story or the whole corpus; written as GEXF or GraphML
(for Gephi, with ``xml.etree``) or CSV (one edge a row).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsgraph.store import EdgeRow

GraphFormat = Literal["gexf", "graphml", "csv"]
GRAPH_FORMATS: tuple[str, ...] = ("gexf", "graphml", "csv")
EDGE_KINDS: tuple[str, ...] = ("acts_on", "speaks_about")

__all__ = ["EDGE_KINDS", "GRAPH_FORMATS", "ActorGraph", "graph_format"]


@dataclass(slots=True)
class ActorGraph:
    """Nodes (corpus entities: id -> name, type, code) and weighted, typed, directed edges."""

    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, int]] = field(default_factory=list)  # (source, target, kind, weight)

    @classmethod
    def from_rows(cls, rows: Iterable[EdgeRow]) -> ActorGraph:
        graph = cls()
        for row in rows:
            graph.nodes.setdefault(row.source, {"label": row.source_name, "type": row.source_type,
                                                "code": row.source_code or ""})
            graph.nodes.setdefault(row.target, {"label": row.target_name, "type": row.target_type,
                                                "code": row.target_code or ""})
            graph.edges.append((row.source, row.target, row.kind, int(row.weight)))
        return graph

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [{"id": i, **attrs} for i, attrs in self.nodes.items()],
                "edges": [{"source": s, "target": t, "kind": k, "weight": w} for s, t, k, w in self.edges]}

    def write(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the graph to ``path`` in ``fmt`` (default: from the suffix); the path written."""
        target = Path(path)
        fmt = fmt or graph_format(target)
        if fmt == "csv":
            with open(target, "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["source", "source_name", "target", "target_name", "kind", "weight"])
                for s, t, k, w in self.edges:
                    writer.writerow([s, self.nodes[s]["label"], t, self.nodes[t]["label"], k, w])
            return target
        tree = self._gexf() if fmt == "gexf" else self._graphml()
        ET.indent(tree)
        tree.write(target, encoding="utf-8", xml_declaration=True)
        return target

    def _gexf(self) -> ET.ElementTree:
        root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
        graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
        attributes = ET.SubElement(graph, "attributes", {"class": "node"})
        for index, name in enumerate(("type", "code")):
            ET.SubElement(attributes, "attribute", {"id": str(index), "title": name, "type": "string"})
        nodes = ET.SubElement(graph, "nodes")
        for node_id, attrs in self.nodes.items():
            node = ET.SubElement(nodes, "node", {"id": node_id, "label": attrs["label"]})
            values = ET.SubElement(node, "attvalues")
            for index, name in enumerate(("type", "code")):
                ET.SubElement(values, "attvalue", {"for": str(index), "value": attrs[name]})
        edges = ET.SubElement(graph, "edges")
        for number, (s, t, k, w) in enumerate(self.edges):
            ET.SubElement(edges, "edge", {"id": str(number), "source": s, "target": t, "label": k,
                                          "kind": k, "weight": str(w)})
        return ET.ElementTree(root)

    def _graphml(self) -> ET.ElementTree:
        root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
        keys = (("label", "node", "string"), ("type", "node", "string"), ("code", "node", "string"),
                ("kind", "edge", "string"), ("weight", "edge", "int"))
        for name, owner, type_ in keys:
            ET.SubElement(root, "key", {"id": name, "for": owner, "attr.name": name, "attr.type": type_})
        graph = ET.SubElement(root, "graph", {"id": "actors", "edgedefault": "directed"})
        for node_id, attrs in self.nodes.items():
            node = ET.SubElement(graph, "node", {"id": node_id})
            for name in ("label", "type", "code"):
                ET.SubElement(node, "data", {"key": name}).text = attrs[name]
        for number, (s, t, k, w) in enumerate(self.edges):
            edge = ET.SubElement(graph, "edge", {"id": f"e{number}", "source": s, "target": t})
            ET.SubElement(edge, "data", {"key": "kind"}).text = k
            ET.SubElement(edge, "data", {"key": "weight"}).text = str(w)
        return ET.ElementTree(root)


def graph_format(path: str | Path) -> str:
    """The format a file name asks for by its suffix (.gexf, .graphml, .csv); ValueError otherwise."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in GRAPH_FORMATS:
        raise ValueError(f"{path}: cannot tell the graph format from the suffix; use .gexf, .graphml or .csv "
                         "(or --format)")
    return suffix
