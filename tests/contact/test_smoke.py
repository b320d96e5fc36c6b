from tests.contact.conftest import line


def test_smoke(receive):
    a = receive(ref="a", name="Mohammed Ali", email="m.ali@example.org", subject="Verhuizing",
                body="Ik ben verhuisd naar een nieuw adres")
    b = receive(ref="b", channel="phone", received_at="2026-06-02T09:00:00+02:00", name="Muhammad Ali",
                phone="0612345678", email="m.ali@example.org", topic="address")
    assert a.contact.topic == "address"
    assert b.contact.question_id == a.contact.question_id, (b.rule, b.contact.client_id, a.contact.client_id)
