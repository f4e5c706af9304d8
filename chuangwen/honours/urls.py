from django.urls import path

from .views import selections, votes

app_name = "honours"

urlpatterns = [
    path("", selections.SelectionListView.as_view(), name="selections"),
    path("types/", selections.HonourTypeListView.as_view(), name="types"),
    path("selections/new/", selections.selection_create, name="selection_create"),
    path("selections/<int:pk>/", selections.selection_detail, name="selection_detail"),
    path("selections/<int:pk>/nominate/", selections.selection_nominate, name="selection_nominate"),
    path("selections/<int:pk>/advance/", selections.selection_advance, name="selection_advance"),
    path("selections/<int:pk>/publicity/", selections.selection_publicity, name="selection_publicity"),
    path("selections/<int:pk>/certificates/", selections.selection_certificates, name="selection_certificates"),
    path("selections/<int:pk>/vote/", votes.vote_open, name="selection_vote_open"),
    path("nominations/<int:pk>/review/", selections.nomination_review, name="nomination_review"),
    path("nominations/<int:pk>/withdraw/", selections.nomination_withdraw, name="nomination_withdraw"),
    path("nominations/<int:pk>/object/", selections.nomination_object, name="nomination_object"),
    path("nominations/<int:pk>/certificate/", selections.nomination_certificate, name="nomination_certificate"),
    path("files/<int:pk>/", selections.nomination_file, name="nomination_file"),
    path("objections/<int:pk>/answer/", selections.objection_answer, name="objection_answer"),
    path("votes/", votes.vote_list, name="votes"),
    path("votes/<int:pk>/", votes.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/cast/", votes.vote_cast, name="vote_cast"),
    path("votes/<int:pk>/close/", votes.vote_close, name="vote_close"),
    path("votes/<int:pk>/paper/", votes.vote_paper, name="vote_paper"),
]
