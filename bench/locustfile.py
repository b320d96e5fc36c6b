"""The service's mix for bench/load.py: clients, contact agents, case officers and reporters.

Weights (clients 4, agents 3, officers 3, reporters 1) and a think time of 0.5-1.5 s per
user. Staff sign in once with the demo password (the demo staff of `loket seed --demo`);
officers are the objection officer of team OBJ1 (about 1/20 of the cases) or the head of
the objection department (every case). `BaselineUser` fetches one static file and
/healthz, the trivial requests the mix is compared with under the same number of users.

Run through bench/load.py, or by hand (only against 127.0.0.1):
    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s -H http://127.0.0.1:8123 \
        ClientUser AgentUser OfficerUser ReporterUser
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import FastHttpUser, between, tag, task  # noqa: F401

PASSWORD = os.environ.get("LOKET_BENCH_PASSWORD", "demo-loket-2026")
CASES = int(os.environ.get("LOKET_BENCH_CASES", "1000000"))
FIRST_CASE = int(os.environ.get("LOKET_BENCH_FIRST_CASE", "1"))
STATIC = "/static/loket/layout.css"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'class="loket-receipt"[^>]*>([^<]+)<')
QUESTION = re.compile(r"/desk/contact/questions/(\d+)/")
CASE = re.compile(r"/desk/cases/(\d+)/")
_counter = itertools.count()


def csrf_of(response) -> str:
    found = CSRF.search(response.text or "")
    return found.group(1) if found else ""


class _Staff(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    usernames: tuple[str, ...] = ()

    def on_start(self):
        self.username = random.choice(self.usernames)
        page = self.client.get("/account/sign-in/", name="sign-in form")
        with self.client.post(
            "/account/sign-in/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_of(page)},
            name="sign-in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.username} gave {response.status_code}")


class ClientUser(FastHttpUser):
    """A client on the client site and its contact form (the portal has little else yet)."""

    weight = 4
    wait_time = between(0.5, 1.5)

    @task(3)
    def home(self):
        self.client.get("/", name="portal home")

    @task(3)
    def contact_form(self):
        form = self.client.get("/contact/", name="contact form")
        n = next(_counter)
        with self.client.post(
            "/contact/",
            name="contact form sent",
            allow_redirects=False,
            catch_response=True,
            data={
                "csrfmiddlewaretoken": csrf_of(form),
                "name": f"Bench Client {n}",
                "email": f"client{n}@bench.example",
                "topic": "status",
                "subject": "Hoe staat mijn aanvraag ervoor?",
                "body": "Ik wacht al lang op een beslissing op mijn aanvraag.",
                "answer_channel": "email",
                "v_number": f"{9_000_000_000 + n % 1_000_000}",
            },
        ) as response:
            if response.status_code != 302:
                response.failure(f"contact form gave {response.status_code}")
            else:
                self.client.get(response.headers.get("Location", "/contact/thanks/"), name="contact thanks")


class AgentUser(_Staff):
    """A contact agent working the question queue."""

    weight = 3
    usernames = ("agent", "counter")

    @task(3)
    def queue(self):
        page = self.client.get("/desk/contact/", name="contact queue")
        found = QUESTION.findall(page.text or "")
        if found:
            self.client.get(f"/desk/contact/questions/{random.choice(found)}/", name="contact question")

    @task(1)
    def queue_page_2(self):
        self.client.get("/desk/contact/?page=2", name="contact queue page 2")

    @task(1)
    def task_list(self):
        self.client.get("/desk/contact/tasks/", name="contact tasks")


class OfficerUser(_Staff):
    """A case officer or the head of the department: the case queue, a case, the API."""

    weight = 3
    usernames = ("objection", "decision", "headobjections")

    @task(3)
    def queue(self):
        page = self.client.get("/desk/cases/", name="case queue")
        found = CASE.findall(page.text or "")
        if found:
            self.client.get(f"/desk/cases/{random.choice(found)}/", name="case page")

    @task(1)
    def queue_deep_page(self):
        self.client.get(f"/desk/cases/?page={random.randint(2, 200)}", name="case queue page N")

    @task(2)
    def case_by_id(self):
        # any case of the million; one outside the officer's teams is a 403, which is fine
        pk = FIRST_CASE + random.randrange(CASES)
        with self.client.get(f"/api/v1/cases/{pk}", name="case API", catch_response=True) as response:
            if response.status_code in (200, 403, 404):
                response.success()

    @task(1)
    def rules(self):
        self.client.get("/api/v1/rules/", name="rules API")


class ReporterUser(FastHttpUser):
    """A reporter: the report form, the API, and coming back with the receipt."""

    weight = 1
    wait_time = between(0.5, 1.5)
    receipt = ""

    @task(2)
    def report_web(self):
        self.client.get("/melden/", name="report form")
        with self.client.post(
            "/melden/",
            name="report sent (web)",
            catch_response=True,
            data={
                "description": "De balie was wekenlang dicht terwijl afspraken werden verkocht.",
                "category": "other",
                "anonymity": "anonymous",
                "strip_metadata": "on",
            },
        ) as response:
            found = RECEIPT.search(response.text or "")
            if response.status_code != 200 or not found:
                response.failure(f"no receipt ({response.status_code})")
            else:
                self.receipt = found.group(1).strip()

    @task(1)
    def report_api(self):
        with self.client.post(
            "/api/v1/whistle/reports",
            name="report sent (API)",
            catch_response=True,
            json={"description": "Dossiers worden zonder reden op de plank gelegd.", "anonymity": "anonymous"},
        ) as response:
            if response.status_code != 201:
                response.failure(f"report API gave {response.status_code}")
            else:
                self.receipt = response.json()["receipt"]

    @task(2)
    def come_back(self):
        if not self.receipt:
            return
        with self.client.post(
            "/melden/terugkomen/", name="report status (receipt)", data={"receipt": self.receipt}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"return with receipt gave {response.status_code}")


class BaselineUser(FastHttpUser):
    """The baseline: one static file (whitenoise) through the same gunicorn."""

    wait_time = between(0.5, 1.5)

    @task
    def static(self):
        self.client.get(STATIC, name="static file (baseline)")

    @task
    def health(self):
        self.client.get("/healthz", name="/healthz (baseline)")
