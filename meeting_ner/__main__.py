"""`python -m meeting_ner`: the command line (see cli.py)."""

from .cli import main

main()
