"""Talking to a Jupyter server a test started: a free port, a GET, and waiting until it serves."""
import socket
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until_serving(base, token, server, seconds, what="the Jupyter server"):
    """Return once ``base`` answers /api/status; fail if ``server`` (a Popen) exits or ``seconds`` pass."""
    deadline = time.time() + seconds
    while True:
        try:
            if get(f"{base}/api/status?token={token}")[0] == 200:
                return
        except OSError:
            pass
        if time.time() > deadline or server.poll() is not None:
            raise AssertionError(f"{what} did not start within {seconds} s")
        time.sleep(1)
