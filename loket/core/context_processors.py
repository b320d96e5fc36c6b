def site(request):
    from .roles import user_roles
    from .service import service_info

    return {"loket_roles": user_roles(getattr(request, "user", None)), "loket_service": service_info()}
