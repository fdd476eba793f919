"""uvicorn as `newsfeed run` and `newsfeed serve` run it."""

from __future__ import annotations

import contextlib
import signal

import uvicorn


class Server(uvicorn.Server):
    """uvicorn, minus its re-raising of SIGTERM/SIGINT, so the service can shut down after it."""

    @contextlib.contextmanager
    def capture_signals(self):
        def stop(signum, frame):
            if self.should_exit and signum == signal.SIGINT:
                self.force_exit = True
            self.should_exit = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
