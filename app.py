"""Entry point: ``gunicorn app:server`` serves the platform; ``flask --app app:server`` runs its CLI."""

from dashboard import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8050, debug=False)
