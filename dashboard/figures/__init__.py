"""Plotly figure builders: pure functions from DataFrames to figures, testable without a server."""
