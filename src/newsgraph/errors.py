"""The errors newsgraph raises and reports. Each names the input it is about."""

from __future__ import annotations

from dataclasses import dataclass


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """An input that cannot be read as an article: names the input and the reason."""

    def __init__(self, input_name: str, reason: str) -> None:
        super().__init__(f"{input_name}: {reason}")
        self.input_name = input_name
        self.reason = reason


class StoreError(NewsgraphError):
    """The database cannot be opened or written."""


class StoreWriteError(StoreError):
    """The database file could not be written (disk full, file size limit, I/O error): an ingest stops there,
    keeping every article committed before."""


class NotFoundError(NewsgraphError):
    """A requested article, entity or quote does not exist."""


@dataclass(frozen=True, slots=True)
class InputFailure:
    """One input that failed, reported in a batch while the batch goes on."""

    input_name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input_name}: {self.reason}"

    @classmethod
    def from_error(cls, error: InputError) -> InputFailure:
        return cls(error.input_name, error.reason)
