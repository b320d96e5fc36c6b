"""What a client can do on the site, in the order the home page and the menu show it.

An entry is shown only when its URL name resolves: sign-in and appointments are built
separately, and no page links to a page that is not there.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _, pgettext_lazy

#: (key, label, what it is for, URL name)
CLIENT_TASKS = [
    ("ask", _("Ask a question"), _("Send us your question. We answer in writing."), "contact_portal:ask"),
    (
        "follow",
        _("Follow my application"),
        _("Sign in to see where your application stands and read our answers."),
        "portal:sign_in",
    ),
    ("book", _("Book a counter appointment"), _("Our counters work by appointment only."), "appointments:book"),
    (
        "report",
        _("Report wrongdoing"),
        _("Report suspected wrongdoing in our service, also anonymously."),
        "portal:report",
    ),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def client_tasks() -> list[dict]:
    tasks = []
    for key, label, text, name in CLIENT_TASKS:
        url = _url(name)
        if url:
            tasks.append({"key": key, "label": label, "text": text, "url": url})
    return tasks


def breadcrumbs(path: str, tasks: list[dict]) -> list[dict]:
    """Home, then the task whose address starts this page's address (not the page itself)."""
    home = reverse("portal:home")
    if path == home:
        return []
    crumbs = [{"label": pgettext_lazy("client site", "Home"), "url": home}]
    parents = [t for t in tasks if path.startswith(t["url"])]
    if parents and not any(t["url"] == path for t in tasks):
        crumbs.append(max(parents, key=lambda t: len(t["url"])))
    return crumbs
