"""Staff pages of cases, mounted under /desk/cases/."""
app_name = "cases"
urlpatterns = []
