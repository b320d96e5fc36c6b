"""What the client use cases share: who may run them."""

from ...core.roles import Role, require_role

#: Staff who handle contacts and may link, merge and review clients.
CLIENT_STAFF = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD, Role.ADMINISTRATOR)


def check_actor(actor) -> None:
    """Staff need a client-handling role; a system actor (a label such as "import" or
    "mail-listener") runs on the service's own authority."""
    if actor is None or isinstance(actor, str):
        return
    require_role(actor, *CLIENT_STAFF)


def user_or_none(actor):
    return None if actor is None or isinstance(actor, str) else actor
