def desk_menu(request):
    """The staff menu in task groups, and the breadcrumbs of a page that nests under one of
    its entries (the entry whose address is the longest start of this page's address)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/desk/"):
        return {}
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .navigation import grouped_menu_for

    groups = grouped_menu_for(user)
    home = reverse("desk:home")
    items = [i for g in groups for i in g["items"]]
    crumbs = []
    if request.path != home:
        crumbs.append({"label": _("Start"), "url": home})
        # A page of the menu is a task of its own, not a page under another (the dashboard
        # at /desk/contact/dashboard/ is not part of the work queue at /desk/contact/).
        if not any(i["url"] == request.path for i in items):
            parents = [i for i in items if request.path.startswith(i["url"])]
            if parents:
                crumbs.append(max(parents, key=lambda i: len(i["url"])))
    for group in groups:
        group["current"] = any(i["url"] == request.path for i in group["items"])
    return {"desk_menu": items, "desk_groups": groups, "breadcrumbs": crumbs}
