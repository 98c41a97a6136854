"""Card makers: one module per family of directions, each a plain function of a fact
and a read-only `DeckContext` that returns the fact's cards of that family.

`studykit.content.generate.generate_cards` runs them in a fixed order (the order of the
cards in `studykit cards --json`): for each fact its names, location, indications,
divisions, correspondences and disputes; then the deck's zone → conditions cards, its
hand-written cards and its map cards.
"""
