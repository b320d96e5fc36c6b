"""API of clients, mounted under /api/v1/clients/."""
urlpatterns = []
