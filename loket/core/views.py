from django.contrib.auth import views as auth_views
from django_otp import login as otp_login

from .forms import SignInForm
from .signals import password_verified


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        device = getattr(user, "otp_device", None)
        if device is not None:
            otp_login(self.request, device)
        password_verified.send(
            sender=self.__class__, request=self.request, user=user, password=form.cleaned_data["password"]
        )
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
