"""`python -m bot` runs the csterm command line."""

from bot.cli import main

raise SystemExit(main())
