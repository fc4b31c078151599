"""`python -m csrcards`: the same as the `csrcards` command."""

from .cli import run

run()
