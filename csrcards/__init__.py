"""csrcards: trilingual customer-service training cards, compiled into Anki decks."""

__version__ = "0.1.0"
