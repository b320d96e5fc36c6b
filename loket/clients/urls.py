"""Staff pages of clients, mounted under /desk/clients/."""

from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("merges/<int:pk>/undo/", views.undo_merge, name="undo_merge"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.review_decide, name="review_decide"),
]
