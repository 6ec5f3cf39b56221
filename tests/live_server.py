"""Run the real app under gunicorn, started from the Procfile's command, for HTTP and browser tests."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_command() -> list[str]:
    """Return the Procfile's ``web`` command as an argument list (``$PORT`` left for the env)."""
    line = next(
        line
        for line in (PROJECT_DIR / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    return shlex.split(line.removeprefix("web:").strip())


class LiveServer:
    """gunicorn app:server on a free loopback port with the given settings."""

    def __init__(self, database_url: str, workers: int = 2, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            part.replace("0.0.0.0:${PORT:-8050}", f"127.0.0.1:{self.port}")
            for part in procfile_command()
        ]
        command = [
            str(Path(sys.executable).parent / "gunicorn") if c == "gunicorn" else c for c in command
        ]
        if "--workers" in command:
            command[command.index("--workers") + 1] = str(workers)
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "live-test-secret",
            **env,
        }
        self.log = PROJECT_DIR / "instance" / f"live-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        self._log_handle = self.log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=environment,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "/_dash-layout", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # it answers (perhaps 302/401 before login); that is ready
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log_handle.close()
        self.log.unlink(missing_ok=True)


class SignedInHttp:
    """A cookie-keeping HTTP client signed in to a LiveServer started with DEMO_MODE=1."""

    def __init__(self, server: LiveServer, account: str = "demo-leader") -> None:
        import http.cookiejar
        import re
        import urllib.parse

        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(server.url + "/login", timeout=60).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf_token": token}).encode()
        with self.opener.open(
            server.url + f"/login/demo/{account}", data=form, timeout=60
        ) as reply:
            if not reply.geturl().rstrip("/").endswith(str(server.port)):
                raise RuntimeError(f"demo sign-in failed: landed on {reply.geturl()}")

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "_csrf_token"), "")

    def fetch(self, path: str, body: bytes | None = None, headers: dict | None = None):
        """Return (status, headers, raw body) without following a redirect to the login page."""
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        if body is not None:
            headers |= {"Content-Type": "application/json", "X-CSRFToken": self.csrf()}
        request = urllib.request.Request(self.server.url + path, data=body, headers=headers)
        with self.opener.open(request, timeout=60) as response:
            if "/login" in response.geturl():
                raise AssertionError(f"{path} sent the signed-in client to the login page")
            return response.status, response.headers, response.read()
