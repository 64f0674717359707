"""A slow SMTP server that records every message it accepts, one JSON line each.

It takes ``--delay`` seconds over each message once the message has arrived, before it
answers, as a server that checks content does, so that sends are in flight long enough for
a fault to land in the middle of one. What it does when the sender dies depends on when,
as with a real server: a message not yet complete is dropped (the unfinished transaction);
a complete one whose answer the sender never read is delivered all the same (asyncio sees
only the end of the sender's half of the connection). Sent again, that message arrives a
second time, and the record shows it: the sender's "at least once" window.

    python -m faults.mail_sink --port 2525 --delay 0.25 --log mail.jsonl
"""

import argparse
import asyncio
import email
import email.policy
import json
import re
import signal
import threading
import time
from pathlib import Path

SIGN_IN_LINK = re.compile(r"https?://\S+/candidate/login/\S+/")


class SlowInbox:
    def __init__(self, delay: float, log: Path):
        self.delay = delay
        self.log = log.open("a", buffering=1)

    async def handle_DATA(self, server, session, envelope):
        # Cancelled with the connection when the sender dies: nothing is recorded then.
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        record = {
            "at": time.time(),
            "to": list(envelope.rcpt_tos),
            "message_id": str(message["Message-ID"] or ""),
            "subject": str(message["Subject"] or ""),
            "links": SIGN_IN_LINK.findall(text),
        }
        self.log.write(json.dumps(record) + "\n")
        return "250 Message accepted for delivery"


def read_mail(path: Path) -> list[dict]:
    """Every message the server accepted so far."""
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines if line.strip()]


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay", type=float, default=0.25)
    parser.add_argument("--log", type=Path, required=True)
    args = parser.parse_args()
    controller = Controller(SlowInbox(args.delay, args.log), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
