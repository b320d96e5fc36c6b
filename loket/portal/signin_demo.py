"""Demo sign-ins for ``loket seed --demo``: BSNs for the DigiD mock, a one-time code for a
client with a V-number only, and a representative with two clients; printed at the end."""

from __future__ import annotations

from datetime import date

from ..clients.models import Client, Mandate, Representative
from ..clients.services import ContactIdentity, add_details, register_client
from ..clients.services.signin import issue_sign_in_code, link_bsn, record_mandate
from ..core.models import User

# name in the contact demo, BSN (valid by the elfproef; the classic test numbers) or None
DIGID_CLIENTS = [("Mohammed Al-Hassan", "111222333"), ("Olena Shevchenko", "123456782")]
CODE_CLIENT = ("Amina Yusuf", "2233445566")
REPRESENTATIVE = ("Mr. Ria Advocaat", "Advocatenkantoor Recht & Hulp", "999993653")
REPRESENTED = ["Amina Yusuf", "Hodan Yusuf"]


def _client(name: str) -> Client:
    found = Client.objects.filter(names__full_name=name).order_by("id").first()
    if found is None:
        found = register_client(identity=ContactIdentity(name=name), actor="demo")
    return found.resolved()


def seed(out) -> None:
    lines = []
    for name, bsn in DIGID_CLIENTS:
        link_bsn(person=_client(name), bsn=bsn, actor="demo", reason="demo")
        lines.append(f"  {name:<22} DigiD mock, BSN {bsn}")
    name, v_number = CODE_CLIENT
    client = _client(name)
    if not client.v_number:
        add_details(client=client, identity=ContactIdentity(v_number=v_number), actor="demo", reason="demo")
        client.refresh_from_db()
    counter = User.objects.filter(username="counter").first()
    if counter is not None:
        code = issue_sign_in_code(client=client, channel="counter", actor=counter)
        lines.append(f"  {name:<22} sign-in code: V-number {client.v_number}, code {code} (works once)")
    rep_name, organisation, rep_bsn = REPRESENTATIVE
    rep = Representative.objects.filter(name=rep_name).first() or Representative.objects.create(
        name=rep_name, organisation=organisation
    )
    link_bsn(person=rep, bsn=rep_bsn, actor="demo", reason="demo")
    for represented in REPRESENTED:
        person = _client(represented)
        if not Mandate.objects.filter(client=person, representative=rep).exists():
            record_mandate(client=person, representative=rep, valid_from=date(2026, 1, 1), actor="demo")
    lines.append(f"  {rep_name:<22} DigiD mock, BSN {rep_bsn}: acts for {' and '.join(REPRESENTED)} only")
    out.write("\nClients sign in at http://127.0.0.1:8000/inloggen/\n")
    for line in lines:
        out.write(line + "\n")
