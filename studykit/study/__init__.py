"""Studying: FSRS scheduling in study days, the review store, the queue, statistics, answer checks.

Kept import-free so the quiz can start fast: import the modules you need.
"""
