"""Deck files to cards: find deck files, read YAML with positions, validate, generate cards.

Kept import-free so the quiz can start without pydantic: import the modules you need.
"""
