"""Outgoing mail, through an outbox in the database (outbox.py) that senders deliver
(sender.py). Other features: `mail.enqueue(session, Mail(...))` in the request's work, and
`mail.discard_to(session, address)` when an address's account goes."""

from .outbox import Mail, discard_to, enqueue

__all__ = ["Mail", "discard_to", "enqueue"]
