"""csrcards: trilingual customer-service training cards, compiled into Anki decks."""

__version__ = "0.1.0"

# The course languages, in deck order: English, Tagalog, Bulgarian. Kept here
# rather than in model.py so that the CLI can offer them without loading it.
LANGUAGES = ("en", "tl", "bg")
