"""Accounts, roles and sessions."""

from __future__ import annotations

import dash
from flask import Flask


def install(server: Flask, app: dash.Dash) -> None:
    """Require login and install role checks on ``server`` (to be built)."""
