"""``python -m graph`` runs the ``newsgraph`` command."""

from graph.cli import main

main()
