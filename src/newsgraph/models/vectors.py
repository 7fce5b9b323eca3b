"""The tagger's contextual word-piece vectors, for the stages that read them (the coreference pair scorer).

The attribution tagger's ONNX graph computes the encoder's hidden layers on its way to the logits;
``with_output`` makes one of those tensors another graph output by editing the serialized model (appending one
``ValueInfoProto`` to the graph's outputs, protobuf wire format: no ``onnx`` package at run time), so one
forward pass gives both the tags and the vectors. ``PieceVectors`` holds them for one text and gives a
character span's vector: its first piece's, its last piece's and the mean of its pieces, side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DOC_KEY = "ng_piece_vectors"  # the Doc.user_data key under which the attribution stage leaves them

_MODEL_GRAPH = 7  # ModelProto.graph
_GRAPH_OUTPUT = 12  # GraphProto.output
_FLOAT = 1  # TensorProto.FLOAT


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated model file")
        byte = buf[pos]
        pos += 1
        n |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return n, pos
        shift += 7


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def with_output(model: bytes, name: str) -> bytes:
    """The serialized ONNX ``model`` with the float tensor ``name`` added to its graph outputs."""
    tensor_type = _field(1, _varint(1 << 3) + _varint(_FLOAT))  # TypeProto.tensor_type.elem_type
    value_info = _field(1, name.encode()) + _field(2, tensor_type)  # ValueInfoProto name, type
    pos = 0
    while pos < len(model):
        start = pos
        key, pos = _read_varint(model, pos)
        wire = key & 7
        if wire == 0:
            _, pos = _read_varint(model, pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, body = _read_varint(model, pos)
            pos = body + length
            if key >> 3 == _MODEL_GRAPH:
                graph = model[body:pos] + _field(_GRAPH_OUTPUT, value_info)
                return model[:start] + _field(_MODEL_GRAPH, graph) + model[pos:]
        else:
            raise ValueError(f"not an ONNX model (protobuf wire type {wire})")
    raise ValueError("not an ONNX model (no graph)")


@dataclass(slots=True)
class PieceVectors:
    """One text's word-piece character offsets (``[pieces, 2]``) and vectors (``[pieces, dim]``; rows of zeros
    for pieces the tagger did not read)."""

    offsets: np.ndarray
    vectors: np.ndarray

    def span(self, start: int, end: int) -> np.ndarray | None:
        """``[first piece, last piece, mean]`` of the read pieces inside characters ``[start, end)`` (3 x dim
        floats), or None when the tagger read none of them."""
        lo = int(np.searchsorted(self.offsets[:, 1], start, side="right"))
        hi = int(np.searchsorted(self.offsets[:, 0], end, side="left"))
        if hi <= lo:
            return None
        rows = self.vectors[lo:hi].astype(np.float32)
        if not np.abs(rows).sum(axis=1).all():  # a piece outside the windows read
            return None
        return np.concatenate([rows[0], rows[-1], rows.mean(axis=0)])
