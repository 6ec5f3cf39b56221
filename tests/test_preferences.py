"""The switch that lets a signed-in user include pending (待审核) figures in the dashboards."""

from accounts_support import session_csrf, signed_in_client

from dashboard import data
from data_model.progress import DataView


def _trained(detail) -> float:
    rows = detail.rows.set_index("indicator")
    return rows.loc["talent_trained", "cumulative"]


def test_pending_figures_count_only_when_switched_on(demo_db):
    approved = data.city_detail(
        data.Source(demo_db.sessions, demo_db.plan_code), "宿迁市", "2022Q4"
    )
    pending = data.city_detail(
        data.Source(demo_db.sessions, demo_db.plan_code, view=DataView(include_pending=True)),
        "宿迁市",
        "2022Q4",
    )
    # The demo's last 宿迁 correction (+40 people trained) awaits review.
    assert _trained(pending) - _trained(approved) == 40


def test_the_switch_is_a_csrf_protected_session_preference(make_app, demo_db):
    app = make_app(demo_db)
    client = signed_in_client(app, demo_db)
    assert "pending-marker" not in client.get("/_dash-layout").get_data(as_text=True)
    refused = client.post("/preferences/pending", data={"on": "1"})
    assert refused.status_code == 400
    switched = client.post(
        "/preferences/pending",
        data={"on": "1", "csrf_token": session_csrf(client)},
        headers={"Referer": "http://localhost/cities/321300?period=2022Q4"},
    )
    assert (switched.status_code, switched.headers["Location"]) == (
        302,
        "/cities/321300?period=2022Q4",
    )
    assert "pending-marker" in client.get("/_dash-layout").get_data(as_text=True)
    off = client.post(
        "/preferences/pending",
        data={"on": "0", "csrf_token": session_csrf(client)},
        headers={"Referer": "http://elsewhere.example/phish"},
    )
    assert off.headers["Location"] == "/"
    assert "pending-marker" not in client.get("/_dash-layout").get_data(as_text=True)
