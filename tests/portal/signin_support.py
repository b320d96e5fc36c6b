"""Helpers of the sign-in tests: valid BSNs, clients and representatives with one linked,
and the DigiD mock walked through with Django's test client as a browser would."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from loket.clients.bsn import bsn_hash
from loket.clients.models import Client, Representative

# Valid by the elfproef (111222333 and 123456782 are the classic examples; the others made here).
BSN_ANNA = "111222333"
BSN_BOB = "123456782"
BSN_REP = "999993653"
BSN_UNKNOWN = "999990019"


def elfproef(bsn: str) -> bool:
    digits = [int(c) for c in bsn]
    return (sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]) % 11 == 0


def make_client(name="Anna Test", v_number=None, bsn=None) -> Client:
    client = Client.objects.create(display_name=name, v_number=v_number, bsn_hash=bsn_hash(bsn) if bsn else None)
    return client


def make_representative(name="Mr. R. Advocaat", bsn=None) -> Representative:
    return Representative.objects.create(name=name, bsn_hash=bsn_hash(bsn) if bsn else None)


def follow_to_idp(client):
    """Start DigiD sign-in; return the mock identity provider's BSN page URL."""
    response = client.get("/inloggen/digid/")
    assert response.status_code == 302
    response = client.get(response["Location"])  # the library's login view -> the mock IdP
    assert response.status_code == 302, response.content[:500]
    idp = urlsplit(response["Location"])
    assert idp.path == "/digid-mock/inloggen/"
    return "/digid-mock/inloggen_bsn/?" + idp.query


def idp_callback(client, bsn: str) -> str:
    """Type a BSN at the mock IdP; return the callback (assertion consumer) URL it sends the browser to."""
    bsn_page = follow_to_idp(client)
    assert client.get(bsn_page).status_code == 200
    response = client.post(bsn_page, {"auth_bsn": bsn})
    assert response.status_code == 302, response.content[:1000]
    return response["Location"]


def digid_sign_in(client, bsn: str):
    """The whole DigiD mock flow; returns the response of the callback."""
    return client.get(idp_callback(client, bsn))


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
