"""The Anki versions the decks are made for.

The cards use the `cloze-only` filter (Anki 2.1.29 on), and the cloze
grammar (cloze.py) accepts only what every version from the minimum on reads
the same way. The minimum is the oldest Anki whose engine still installs, and
so is still tested (`.ci/engines`), on the Python versions csrcards supports:
2.1.29 to 2.1.35 came with an engine built only for Python 3.8 and older.
"""

MINIMUM_ANKI = "2.1.36"
