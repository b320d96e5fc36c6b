def desk_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/desk/"):
        return {}
    from .navigation import menu_for

    return {"desk_menu": menu_for(user)}
