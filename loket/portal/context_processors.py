STAFF_PREFIXES = ("/desk/", "/admin/", "/api/", "/account/")


def portal(request):
    """The client's menu and breadcrumbs, on client pages only."""
    if request.path.startswith(STAFF_PREFIXES):
        return {}
    from . import client_session
    from .navigation import breadcrumbs, client_tasks

    tasks = client_tasks()
    # the reporting channel never reads the session (README, "The reporting channel")
    signed_in = not getattr(request, "reporter_request", False) and client_session.identity(request) is not None
    return {"client_tasks": tasks, "breadcrumbs": breadcrumbs(request.path, tasks), "portal_signed_in": signed_in}
