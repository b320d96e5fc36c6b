"""Staff pages of clients, mounted under /desk/clients/."""
app_name = "clients"
urlpatterns = []
