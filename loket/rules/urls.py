"""Staff pages of rules, mounted under /desk/rules/."""
app_name = "rules"
urlpatterns = []
