"""API of rules, mounted under /api/v1/rules/."""
urlpatterns = []
