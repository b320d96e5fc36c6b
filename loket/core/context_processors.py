def site(request):
    from .roles import user_roles

    return {"loket_roles": user_roles(getattr(request, "user", None))}
