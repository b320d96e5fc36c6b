"""Staff pages of decisions, mounted under /desk/decisions/."""
app_name = "decisions"
urlpatterns = []
