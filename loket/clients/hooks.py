"""Where higher apps plug into the clients app (see ``loket.core.hooks``)."""

from loket.core.hooks import Hook

#: A client's timeline on the client page: ``timeline(client) -> list of entries``.
#: The contact app provides it (contact builds on clients, not the reverse).
CLIENT_TIMELINE = Hook("clients.client_timeline")

#: What contacts on file said about their senders, newest first, for learning the linkage
#: weights: ``identities(limit) -> iterable of ContactIdentity``. The contact app provides it.
CONTACT_IDENTITIES = Hook("clients.contact_identities")
