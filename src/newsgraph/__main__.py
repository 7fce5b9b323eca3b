"""``python -m newsgraph`` runs the CLI."""

from newsgraph.cli import main

main()
