from django.urls import path

from .views import items as views

app_name = "scoring_items"

urlpatterns = [
    path("campaigns/<int:pk>/", views.campaign_item_scores, name="campaign_item_scores"),
    path("campaigns/<int:pk>/items/<int:item_pk>/assess/", views.item_assess, name="item_assess"),
    path("rounds/<int:pk>/campaigns/<int:campaign_pk>/", views.round_scores, name="round_scores"),
]
