"""The service's mix for bench/load.py: clients, contact agents, case officers and reporters.

Weights: clients 4, agents 3, officers 3, reporters 1. Two load models (LOKET_BENCH_MODEL):

- ``capacity``: every user waits 0.5-1.5 s after each task, however long the server took
  (a closed loop: users "as fast as they can click"); with many users this offers more
  than the server can serve and finds its capacity.
- ``offered``: the mix together offers LOKET_BENCH_RATE requests per second, whatever the
  number of users (LOKET_BENCH_USERS): each user sends requests at random (exponential)
  intervals averaging LOKET_BENCH_USERS / LOKET_BENCH_RATE seconds, counted per request,
  not per task (a task that opens a queue and then a case waits twice as long after).
  So 200 users offer 60 requests/s by pausing ~3.3 s between clicks, as people do.

Staff sign in once with the demo password (sign-ins and ramp-up are not counted: load.py
resets the figures once every user runs, and again LOKET_BENCH_SETTLE seconds later, when
the sign-ins of the ramp have been worked off). Officers are the bench officers of
bench/bulkassign.py (each holds the cases the draw gave them; need to know lets them read
those) and the head of the objection department (team lead above every team: every case).
Every request states the status it must give (200, or the 302 of a form sent); a 403, 404 or
redirect to the sign-in page is a failure, never a fast success. Counts per request and
status are written to LOKET_BENCH_COUNTS (JSON) at the end.
`BaselineUser` fetches one static file and /healthz, the trivial requests the mix is
compared with.

Run through bench/load.py, or by hand (only against 127.0.0.1):
    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s -H http://127.0.0.1:8123 \
        ClientUser AgentUser OfficerUser ReporterUser
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bulkassign  # bench/ (on the path above): the bench officers' names

PASSWORD = os.environ.get("LOKET_BENCH_PASSWORD", "demo-loket-2026")
CASES = int(os.environ.get("LOKET_BENCH_CASES", "1000000"))
FIRST_CASE = int(os.environ.get("LOKET_BENCH_FIRST_CASE", "1"))
MODEL = os.environ.get("LOKET_BENCH_MODEL", "capacity")
RATE = float(os.environ.get("LOKET_BENCH_RATE", "60"))
USERS = int(os.environ.get("LOKET_BENCH_USERS", "50"))
COUNTS = os.environ.get("LOKET_BENCH_COUNTS", "")
SETTLE = float(os.environ.get("LOKET_BENCH_SETTLE", "0"))
OFFICERS = bulkassign.officer_names(int(os.environ.get("LOKET_BENCH_TEAMS", "20")))
LEADS = ("headobjections",)  # team lead of "Afdeling Bezwaar": every bulk case
STATIC = "/static/loket/layout.css"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'class="loket-receipt"[^>]*>([^<]+)<')
QUESTION = re.compile(r"/desk/contact/questions/(\d+)/")
CASE = re.compile(r"/desk/cases/(\d+)/")
_counter = itertools.count()
# Each run's clients are new people, each writing about three times on one question (a
# fixed name per counter value made every run add a contact to the same questions, until
# the queue's first page held questions of 50 contacts and more).
RUN = int(time.time())
CONTACTS_PER_CLIENT = 3

# ---- counts per request name and status (a 403 must not pass for a fast success) ----
STATUS: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


@events.request.add_listener
def _count(request_type, name, response, exception, **kwargs):
    code = getattr(response, "status_code", 0) or 0
    key = str(code)
    if code in (301, 302, 303) and "sign-in" in (response.headers.get("Location") or ""):
        key = f"{code} to sign-in"
    STATUS[name][key if not exception or code else "error"] += 1


_ENV: dict = {}


@events.init.add_listener
def _keep(environment, **kwargs):
    _ENV["environment"] = environment


@events.spawning_complete.add_listener
def _reset(user_count, **kwargs):  # load.py runs locust with --reset-stats: the same moment
    STATUS.clear()
    if SETTLE:  # count again once the sign-ins of the ramp are worked off (load.py --settle)
        gevent.spawn_later(SETTLE, _count_from_now)


def _count_from_now():
    STATUS.clear()
    _ENV["environment"].runner.stats.reset_all()


@events.test_stop.add_listener
def _write(**kwargs):
    if COUNTS:
        Path(COUNTS).write_text(json.dumps({k: dict(v) for k, v in sorted(STATUS.items())}, indent=1))


# ---- load models ----
def paced():
    """The ``offered`` model: exponential gaps per request sent, RATE / USERS per user,
    between the planned starts of the tasks. A task that starts late (its gap was shorter
    than the task before it took) does not move the plan: the next one follows sooner, so
    that the users offer RATE requests/s whatever the server's answers took (starting each
    gap from the later of plan and clock offered 2-5 % less)."""
    per_user = RATE / max(USERS, 1)

    def wait(user) -> float:
        now = time.monotonic()
        sent, planned = user.sent, getattr(user, "task_started", now)
        user.sent = 0
        user.task_started = planned + sum(random.expovariate(per_user) for _ in range(max(sent, 1)))
        return max(user.task_started - now, 0.0)

    return wait


WAIT = paced() if MODEL == "offered" else between(0.5, 1.5)


class _User(FastHttpUser):
    abstract = True
    wait_time = WAIT
    sent = 0

    def call(self, method: str, path: str, name: str, expect: int = 200, must: re.Pattern | None = None, **kwargs):
        """One request that must answer ``expect`` (no redirect followed) and, given
        ``must``, show it in its body."""
        self.sent += 1
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != expect:
                where = response.headers.get("Location", "") if response.status_code in (301, 302, 303) else ""
                response.failure(f"{name} gave {response.status_code} {where}".strip())
            elif must is not None and not must.search(response.text or ""):
                response.failure(f"{name}: {must.pattern} not on the page")
            return response


class _Staff(_User):
    abstract = True
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


def csrf_of(response) -> str:
    found = CSRF.search(response.text or "")
    return found.group(1) if found else ""


class ClientUser(_User):
    """A client on the client site and its contact form (the portal has little else yet)."""

    weight = 4

    @task(3)
    def home(self):
        self.call("GET", "/", "portal home")

    @task(3)
    def contact_form(self):
        form = self.call("GET", "/contact/", "contact form")
        n = next(_counter) // CONTACTS_PER_CLIENT
        who = f"{RUN}-{n}"
        sent = self.call(
            "POST",
            "/contact/",
            "contact form sent",
            expect=302,
            data={
                "csrfmiddlewaretoken": csrf_of(form),
                "name": f"Bench Client {who}",
                "email": f"client{who}@bench.example",
                "topic": "status",
                "subject": "Hoe staat mijn aanvraag ervoor?",
                "body": "Ik wacht al lang op een beslissing op mijn aanvraag.",
                "answer_channel": "email",
                "v_number": f"{9_000_000_000 + (RUN % 100_000 * 10_000 + n) % 1_000_000_000}",
            },
        )
        if sent.status_code == 302:
            self.call("GET", sent.headers.get("Location", "/contact/thanks/"), "contact thanks")


class AgentUser(_Staff):
    """A contact agent working the question queue."""

    weight = 3
    usernames = ("agent", "counter")

    @task(3)
    def queue(self):
        found = QUESTION.findall(self.call("GET", "/desk/contact/", "contact queue").text or "")
        if found:
            self.call("GET", f"/desk/contact/questions/{random.choice(found)}/", "contact question")

    @task(1)
    def queue_page_2(self):
        self.call("GET", "/desk/contact/?page=2", "contact queue page 2")

    @task(1)
    def task_list(self):
        self.call("GET", "/desk/contact/tasks/", "contact tasks")


class OfficerUser(_Staff):
    """A case officer on their own queue and cases, or the head of the department (every
    case): the queue, a case page, a deep queue page, a case through the API, the rules."""

    weight = 3
    usernames = tuple(OFFICERS)
    cases: list[str] = []

    def on_start(self):
        # one in five officers is the head of the department, who may read every case
        self.usernames = LEADS if random.random() < 0.2 else OFFICERS
        super().on_start()
        self.cases = []

    def _some_case(self) -> str | None:
        if self.username in LEADS:
            return str(FIRST_CASE + random.randrange(CASES))
        if not self.cases:
            self.queue(open_one=False)
        return random.choice(self.cases) if self.cases else None

    @task(3)
    def queue(self, open_one: bool = True):
        found = CASE.findall(self.call("GET", "/desk/cases/", "case queue").text or "")
        if found:
            self.cases = sorted(set(found))
            if open_one:
                self.call("GET", f"/desk/cases/{random.choice(self.cases)}/", "case page")

    @task(1)
    def queue_deep_page(self):
        self.call("GET", f"/desk/cases/?page={random.randint(2, 100)}", "case queue page N")

    @task(2)
    def case_by_id(self):
        pk = self._some_case()
        if pk:
            self.call("GET", f"/api/v1/cases/{pk}", "case API")

    @task(1)
    def rules(self):
        self.call("GET", "/api/v1/rules/", "rules API")


class ReporterUser(_User):
    """A reporter: the report form, the API, and coming back with the receipt."""

    weight = 1
    receipt = ""

    @task(2)
    def report_web(self):
        self.call("GET", "/melden/", "report form")
        response = self.call(
            "POST",
            "/melden/",
            "report sent (web)",
            must=RECEIPT,
            data={
                "description": "De balie was wekenlang dicht terwijl afspraken werden verkocht.",
                "category": "other",
                "anonymity": "anonymous",
                "strip_metadata": "on",
            },
        )
        found = RECEIPT.search(response.text or "")
        if found:
            self.receipt = found.group(1).strip()

    @task(1)
    def report_api(self):
        response = self.call(
            "POST",
            "/api/v1/whistle/reports",
            "report sent (API)",
            expect=201,
            json={"description": "Dossiers worden zonder reden op de plank gelegd.", "anonymity": "anonymous"},
        )
        if response.status_code == 201:
            self.receipt = response.json()["receipt"]

    @task(2)
    def come_back(self):
        if self.receipt:
            self.call("POST", "/melden/terugkomen/", "report status (receipt)", data={"receipt": self.receipt})


class BaselineUser(_User):
    """The baseline: one static file (whitenoise) through the same gunicorn."""

    @task
    def static(self):
        self.call("GET", STATIC, "static file (baseline)")

    @task
    def health(self):
        self.call("GET", "/healthz", "/healthz (baseline)")
