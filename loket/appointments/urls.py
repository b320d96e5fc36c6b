"""Staff pages of appointments, mounted under /desk/appointments/."""

app_name = "appointments"
urlpatterns: list = []
