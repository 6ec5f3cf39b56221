FLASK_APP=app:server
