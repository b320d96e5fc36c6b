"""API of cases, mounted under /api/v1/cases/."""
urlpatterns = []
