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
    crumbs = []
    if request.path != home:
        crumbs.append({"label": _("Start"), "url": home})
        parents = [i for g in groups for i in g["items"] if request.path.startswith(i["url"]) and request.path != i["url"]]
        if parents:
            crumbs.append(max(parents, key=lambda i: len(i["url"])))
    for group in groups:
        group["current"] = any(i["url"] == request.path for i in group["items"])
    return {"desk_menu": [i for g in groups for i in g["items"]], "desk_groups": groups, "breadcrumbs": crumbs}
