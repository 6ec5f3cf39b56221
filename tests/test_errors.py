"""No request ends in a traceback: malformed callbacks are refused, bugs answer in Chinese."""

import pytest
from accounts_support import session_csrf, signed_in_client

from dashboard.errors import MALFORMED, UNEXPECTED


@pytest.fixture
def client(make_app, db):
    return signed_in_client(make_app(db), db, "admin")


@pytest.mark.parametrize("body", [b"{}", b'{"output": "nowhere.children", "inputs": []}'])
def test_malformed_callback_requests_are_refused_in_chinese(client, body):
    response = client.post(
        "/_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json", "X-CSRFToken": session_csrf(client)},
    )
    assert (response.status_code, response.json) == (400, {"error": MALFORMED})


def test_an_unexpected_error_is_logged_and_answered_without_a_traceback(make_app, db, caplog):
    app = make_app(db)

    @app.server.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    client = signed_in_client(app, db, "admin")
    response = client.get("/boom")
    assert response.status_code == 500
    assert UNEXPECTED in response.get_data(as_text=True)
    assert "RuntimeError" not in response.get_data(as_text=True)
    assert "unhandled error on GET /boom" in caplog.text
