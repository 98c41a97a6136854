"""Tools for deck authors: lint (with giveaway checks), CSV import and the deck scaffold."""
