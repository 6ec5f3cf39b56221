"""Reusable page pieces: formatting, status colours, cards, progress bars, tables and messages."""
