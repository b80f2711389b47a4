"""Running the site as production does: environment, gunicorn servers and plain HTTP requests."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PORT_RANGE = range(8600, 8699)  # this project's ports on the shared machine
CLOSED_PORT = 8699  # in this project's range; nothing listens there


def production_environment(**overrides):
    """The variables README "Deploying" documents, with test values; ``None`` removes one."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="cpca_portal.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="transparency.example.gov.uk",
        CSRF_TRUSTED_ORIGINS="https://transparency.example.gov.uk",
        SECURE_PROXY_SSL_HEADER="1",
        CACHE_URL="redis://127.0.0.1:6379/6",
        PAGE_CACHE_SECONDS="300",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def free_ports(count):
    ports = []
    for port in PORT_RANGE:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError("No free ports left in this project's range.")


class Server:
    """One gunicorn master on a loopback port, spoken to as a TLS-terminating proxy would."""

    def __init__(self, port, env, workers=2):
        self.port = port
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "cpca_portal.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--no-control-socket", "--graceful-timeout", "5", "--log-level", "warning",
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.cookies = {}

    def wait_until_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.port} exited: {self.process.stderr.read().decode()}")
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on {self.port} did not become healthy")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stderr.close()

    def request(self, method, path, form=None, headers=None):
        """Send a request as the proxy would (HTTPS already terminated); keep cookies like a browser."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        origin = f"https://127.0.0.1:{self.port}"
        all_headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", "Origin": origin}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), content
        finally:
            connection.close()


class HungServer:
    """A TCP port that accepts every connection and never answers: a Redis that hangs."""

    def __init__(self, port):
        self.port = port
        self.listener = socket.create_server(("127.0.0.1", port), backlog=128)
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/6"

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # closed by stop()
            self.held.append(connection)

    def stop(self):
        self.listener.close()
        self.thread.join(timeout=5)
        for connection in self.held:
            connection.close()
