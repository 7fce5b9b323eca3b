"""Learned models run at extraction time: ONNX Runtime and ``tokenizers`` only, never torch."""
