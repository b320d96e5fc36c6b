import pytest



def test_pages(client, receive, agent, lead, make_user):
    a = receive(ref="a", name="Mohammed Ali", email="m.ali@example.org", subject="Verhuizing",
                body="Ik ben verhuisd naar een nieuw adres")
    client.force_login(lead)
    for url in ["/desk/contact/", f"/desk/contact/questions/{a.contact.question_id}/", "/desk/contact/calls/new/",
                "/desk/contact/visits/new/", "/desk/contact/letters/new/", "/desk/contact/tasks/",
                "/desk/contact/dashboard/", f"/desk/contact/contacts/{a.contact.pk}/",
                f"/desk/contact/clients/{a.contact.client_id}/timeline/", f"/desk/contact/questions/{a.contact.question_id}/answer/",
                "/contact/", "/contact/thanks/?ref=KV-0000001"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
