"""A webhook receiver on 127.0.0.1 for tests of real processes: keeps every POST body; with
`hold_first`, the first POST is held unanswered until `release` is set, then answered with
`held_status` (later ones get 200)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HookReceiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, hold_first: bool = False, held_status: int = 503) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hold_first, self.held_status = hold_first, held_status
        self.bodies: list[bytes] = []
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks"

    def __enter__(self) -> "HookReceiver":
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        server: HookReceiver = self.server
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with server.lock:
            held = server.hold_first and not server.bodies
            server.bodies.append(body)
        status = 200
        if held:
            server.holding.set()
            server.release.wait(timeout=120)
            status = server.held_status
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        """Quiet: the tests read `bodies`."""
