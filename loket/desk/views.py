from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .navigation import menu_for


@login_required
def home(request):
    return render(request, "desk/home.html", {"menu": menu_for(request.user)})
