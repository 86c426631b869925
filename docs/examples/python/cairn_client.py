#!/usr/bin/env python3
"""A small client for `cairn serve`, using only Python's standard library.

Usage:
    cairn_client.py SOCKET                 chat interactively
    cairn_client.py SOCKET ANSWER...       send these answers in order, then stop

It starts a session, shows what Cairn says, sends each answer, and stops when the session ends.
See docs/protocol.md for the protocol.
"""
import json
import socket
import sys


class CairnError(Exception):
    def __init__(self, error):
        super().__init__(f"{error['code']}: {error['message']}")
        self.code = error["code"]


class CairnClient:
    """One connection to `cairn serve`: JSON-RPC 2.0, one JSON object per line."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.stream = self.sock.makefile("rwb")
        self.next_id = 0
        self.notifications = []

    def call(self, method, **params):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.stream.write(json.dumps(request).encode("utf-8") + b"\n")
        self.stream.flush()
        while True:
            line = self.stream.readline()
            if not line:
                raise ConnectionError("the server closed the connection")
            message = json.loads(line)
            if "id" not in message:  # a notification, such as session.events on idle timeout
                self.notifications.append(message)
                continue
            if message["id"] != self.next_id:
                continue
            if "error" in message:
                raise CairnError(message["error"])
            return message["result"]

    def close(self):
        self.stream.close()
        self.sock.close()


def card(contact):
    """A contact card as text, laid out as the terminal chat lays it out (docs/protocol.md)."""
    lines = [f"{contact['name']}: {contact['offers']}"]
    phones, texts = contact["phone"], contact["text"]
    if (len(phones) == 1 and len(texts) == 1 and "keyword" not in texts[0] and phones[0]["number"] == texts[0]["number"]
            and "label" not in phones[0] and "letters" not in phones[0]):
        lines.append(f"Call or text: {spoken(phones[0])}")
    else:
        lines += [f"{p.get('label', 'Phone')}: {spoken(p)}" for p in phones]
        lines += [f"Text: {t['keyword']} to {t['number']}" if "keyword" in t else f"Text: {t['number']}" for t in texts]
    lines += [f"Email: {e}" for e in contact["email"]] + [f"Web: {w}" for w in contact["web"]]
    if "hours" in contact:
        lines.append(f"Hours: {contact['hours']}")
    if "also" in contact:
        lines.append(contact["also"])
    return "\n".join(lines)


def spoken(phone):
    """A phone number as a sentence says it: 1-800-SUICIDE (1-800-784-2433), 310-6789 (no area code)."""
    text = f"{phone['letters']} ({phone['number']})" if "letters" in phone else phone["number"]
    return text + (f" ({phone['note']})" if "note" in phone else "")


def show(result):
    """Prints a result's events as a plain chat would."""
    for event in result["events"]:
        kind = event["type"]
        if kind == "say":
            print(event["text"])
            print()
        elif kind == "contact":
            print(card(event["contact"]))
            print()
        elif kind == "choices":
            for choice in event["choices"]:
                print(f"  {choice['number']}. {choice['label']}")
        elif kind == "handoff":
            print("[handing over to a person, with:", ", ".join(f"{k}={v}" for k, v in sorted(event["variables"].items())) or "nothing", "]")
        elif kind == "end":
            print(f"[the conversation ended: {event['reason']}]")


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    client = CairnClient(argv[1])
    answers = argv[2:]
    scripted = bool(answers)
    try:
        result = client.call("session.start")
        session = result["session"]
        show(result)
        while not result["ended"]:
            if scripted:
                if not answers:
                    break
                text = answers.pop(0)
                print(f"> {text}")
            else:
                try:
                    text = input("> ")
                except EOFError:
                    text = "exit"
            result = client.call("session.send", session=session, text=text)
            show(result)
        if not result["ended"]:
            client.call("session.end", session=session)
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
