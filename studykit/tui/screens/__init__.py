"""The quiz's screens, one module each (imported lazily: only what is shown is loaded)."""
