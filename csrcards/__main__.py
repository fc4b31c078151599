"""`python -m csrcards`: the same as the `csrcards` command."""

from .cli import main

main()
