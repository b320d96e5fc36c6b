STAFF_PREFIXES = ("/desk/", "/admin/", "/api/", "/account/")


def portal(request):
    """The client's menu and breadcrumbs, on client pages only."""
    if request.path.startswith(STAFF_PREFIXES):
        return {}
    from .navigation import breadcrumbs, client_tasks

    tasks = client_tasks()
    return {"client_tasks": tasks, "breadcrumbs": breadcrumbs(request.path, tasks)}
