"""API of decisions, mounted under /api/v1/decisions/."""
urlpatterns = []
