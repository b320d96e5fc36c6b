"""API of contact, mounted under /api/v1/contact/."""
urlpatterns = []
