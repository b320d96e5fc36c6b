"""Staff pages of clients, mounted under /desk/clients/."""

from django.urls import path

from . import signin_views, views

app_name = "clients"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("merges/<int:pk>/undo/", views.undo_merge, name="undo_merge"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.review_decide, name="review_decide"),
    path("<int:pk>/sign-in/", signin_views.client_access, name="access"),
    path("mandates/<int:pk>/end/", signin_views.end_mandate, name="end_mandate"),
    path("representatives/<int:pk>/sign-in/", signin_views.representative_access, name="representative_access"),
]
