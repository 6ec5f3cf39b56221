"""总览: where Jiangsu stands against every target of the plan (placeholder until the dashboard lands)."""

import dash
from dash import html

dash.register_page(__name__, path="/", title="总览 · 千企升级")


def layout(**_kwargs):
    return html.Div([html.H2("总览"), html.P("进展总览页面建设中。")], className="p-3")
