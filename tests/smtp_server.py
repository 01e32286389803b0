"""A small SMTP server on a free loopback port for the tests: it refuses (a 421 greeting, or 451 to every sender)
or accepts, as the test says, and keeps what it accepted and how many connections it was opened."""

from __future__ import annotations

import socketserver
import threading
from email import policy
from email.parser import BytesParser


class _Session(socketserver.StreamRequestHandler):
    """One SMTP connection: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, *lines: str) -> None:
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode("ascii"))

    def handle(self) -> None:
        server: TestSMTPServer = self.server.owner
        server.connections += 1
        if server.mode == "down":
            self.reply("421 4.3.2 Service not available, closing the connection")
            return
        self.reply("220 smtp.test ESMTP ready")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("HELO", "EHLO"):
                self.reply("250-smtp.test", "250 8BITMIME") if verb == "EHLO" else self.reply("250 smtp.test")
            elif verb == "MAIL":
                if server.mode == "busy":
                    self.reply("451 4.3.0 Mail server busy, try again later")
                else:
                    recipients = []
                    self.reply("250 2.1.0 OK")
            elif verb == "RCPT":
                if server.mode == "no_mailbox":
                    address = command.split(":", 1)[1].strip(" <>")
                    self.reply(f"550 5.1.1 <{address}>: mailbox unavailable")
                    continue
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 2.1.5 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self._read_data(server, recipients)
                self.reply("250 2.0.0 Queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 2.0.0 OK")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognised")

    def _read_data(self, server: TestSMTPServer, recipients: list[str]) -> None:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        message = BytesParser(policy=policy.default).parsebytes(b"".join(lines))
        with server.lock:
            server.received.append((list(recipients), message))


class TestSMTPServer:
    """``mode``: "accept", "down" (a 421 greeting, the connection closed), "busy" (451 to every MAIL FROM) or
    "no_mailbox" (550 to every RCPT TO, naming the address)."""

    __test__ = False  # not a test class for pytest

    def __init__(self) -> None:
        self.mode = "accept"
        self.connections = 0
        self.received: list = []
        self.lock = threading.Lock()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Session)
        self._server.daemon_threads = True
        self._server.owner = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> TestSMTPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
