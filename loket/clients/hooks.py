"""Where higher apps plug into the clients app (see ``loket.core.hooks``)."""

from loket.core.hooks import Hook

#: A client's timeline on the client page: ``timeline(client) -> list of entries``.
#: The contact app provides it (contact builds on clients, not the reverse).
CLIENT_TIMELINE = Hook("clients.client_timeline")

#: Need to know on a client's file (issue 15): ``check(actor, client) -> (allowed, basis)``,
#: or None when the provider has no say (the contact staff's own work). The cases app provides
#: it: case staff read the file of a client whose case they may read.
CLIENT_READ = Hook("clients.client_read")

#: What contacts on file said about their senders, newest first, for learning the linkage
#: weights: ``identities(limit) -> iterable of (ContactIdentity, client id or None)``. The
#: contact app provides it.
CONTACT_IDENTITIES = Hook("clients.contact_identities")
