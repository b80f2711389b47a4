"""Starting the site as production runs it: gunicorn with production settings, and nginx.

One module for every tool that needs real servers: the benchmark (``scripts/bench.py``), the
load test (``scripts/loadtest.py``) and the production tests (``tests/production/``). It imports
nothing from Django, so it costs nothing to the processes that only drive servers.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
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
        PYTHONPATH=str(ROOT),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def free_ports(count):
    """``count`` loopback ports in this project's range that nothing listens on now."""
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


def nginx_binary():
    """Debian installs nginx in /usr/sbin, which is not on every user's PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def read_tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text().splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop_process(process, first_signal=signal.SIGTERM):
    """Stop a server we started: politely, then SIGQUIT (fast shutdown for both), then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    for sig, wait in ((first_signal, 10), (signal.SIGQUIT, 5), (signal.SIGKILL, 5)):
        process.send_signal(sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Server:
    """A server process on a loopback port, spoken to as a TLS-terminating proxy would."""

    first_signal = signal.SIGTERM

    def __init__(self, port, workdir=None):
        self.port = port
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="cpca-server-"))
        self.log_file = self.workdir / f"server-{port}.log"
        self.process = None
        self.cookies = {}

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self, ready_path="/healthz", timeout=60):
        self.process = self.launch()
        try:
            self.wait_until_ready(ready_path, timeout)
        except BaseException:
            self.stop()  # never leave a server behind that nobody will stop
            raise
        return self

    def launch(self):
        raise NotImplementedError

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_ready(self, path="/healthz", timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.url(path)}: the server exited. Its log:\n{read_tail(self.log_file)}")
            try:
                if self.request("GET", path, keep_cookies=False)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.url(path)} did not answer within {timeout} s. Log:\n{read_tail(self.log_file)}")

    def stop(self):
        stop_process(self.process, self.first_signal)

    def request(self, method, path, form=None, headers=None, keep_cookies=True):
        """Send a request as the proxy would (HTTPS already terminated); keep cookies like a browser.

        Returns the status, the headers (a dict) and the body as text.
        """
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{self.port}",
        }
        if self.cookies and keep_cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
            if keep_cookies:
                for header in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(header).items():
                        self.cookies[name] = morsel.value
            return response.status, dict(response.headers), content
        finally:
            connection.close()


class Gunicorn(Server):
    """One gunicorn master with sync workers, the way README "Deploying" runs it."""

    def __init__(self, port, env, workers=2, workdir=None, name=None, application="cpca_portal.wsgi:application"):
        super().__init__(port, workdir)
        self.env, self.workers, self.name = env, workers, name or f"gunicorn :{port}"
        self.application = application

    def launch(self):
        return subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", self.application,
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers),
                "--worker-class", "sync",
                "--no-control-socket",
                "--backlog", "2048",
                "--error-logfile", str(self.log_file),
                "--log-level", "warning",
                # A slow page under load must not get its worker killed (that resets its peak memory).
                "--timeout", "120",
                "--graceful-timeout", "5",
            ],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def worker_pids(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def peak_worker_memory_mb(self):
        """The largest VmHWM (peak resident set) among the workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            try:
                match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            except OSError:
                continue
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks) if peaks else None


def nginx_config(root, port, workers=1, files_root=None, upstream_port=None):
    """An nginx configuration for one loopback server: static files from ``files_root`` and, with
    ``upstream_port``, everything else proxied to gunicorn through the cache README "Deploying" shows."""
    proxy = ""
    if upstream_port:
        proxy = f"""
    proxy_cache_path {root}/cache levels=1:2 keys_zone=cpca_pages:10m max_size=100m inactive=10m;
    upstream cpca_portal {{ server 127.0.0.1:{upstream_port}; keepalive 32; }}"""
    location = ""
    if upstream_port:
        location = """
        location / {
            try_files $uri @app;
        }
        location @app {
            proxy_pass http://cpca_portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_cache cpca_pages;
            proxy_cache_key $scheme$host$request_uri;
            proxy_cache_lock on;
            proxy_cache_use_stale error timeout http_500 http_502 http_503 http_504;
            proxy_cache_revalidate on;
            proxy_cache_bypass $cookie_sessionid;
            proxy_no_cache $cookie_sessionid;
            add_header X-Cache-Status $upstream_cache_status always;
        }"""
    # Started as root (as here and in CI), nginx's workers would run as "nobody" and could not
    # read this throwaway configuration's private temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes {workers};
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    default_type text/html;{proxy}
    server {{
        listen 127.0.0.1:{port};
        root {files_root or root / "www"};{location}
    }}
}}
"""


class Nginx(Server):
    """nginx from a throwaway configuration: ``files`` ({name: bytes}) served as static files and,
    with ``upstream_port``, every other request proxied (and cached) to gunicorn on that port."""

    first_signal = signal.SIGQUIT

    def __init__(self, port, files=None, upstream_port=None, workers=1, workdir=None):
        super().__init__(port, workdir)
        self.files, self.upstream_port, self.workers = files or {}, upstream_port, workers
        self.log_file = self.workdir / f"nginx-{port}" / "error.log"

    def launch(self):
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is missing. Install it with: apt-get install nginx")
        root = self.workdir / f"nginx-{self.port}"
        (root / "www").mkdir(parents=True, exist_ok=True)
        for name, content in self.files.items():
            (root / "www" / name).write_bytes(content)
        for path in (self.workdir, root, root / "www"):
            path.chmod(0o755)  # nginx's workers may run as another user
        config = root / "nginx.conf"
        config.write_text(nginx_config(root, self.port, self.workers, upstream_port=self.upstream_port))
        return subprocess.Popen(
            [binary, "-p", str(root), "-c", str(config), "-e", str(self.log_file), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def forget_cache_keys(cache_url, prefix):
    """Remove one run's keys from Redis: the page cache generation key never expires by itself."""
    if not cache_url.startswith(("redis://", "rediss://")):
        return
    import redis

    client = redis.Redis.from_url(cache_url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


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
