"""Staff pages of contact, mounted under /desk/contact/."""
app_name = "contact"
urlpatterns = []
