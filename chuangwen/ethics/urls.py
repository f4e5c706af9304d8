from django.urls import path

from .views import bureau, documents, evaluations, grading, people, rules

app_name = "ethics"

urlpatterns = [
    path("", evaluations.index, name="index"),
    path("me/", people.me, name="me"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/veto/", people.person_veto, name="person_veto"),
    path("people/<int:pk>/entry/", people.person_entry, name="person_entry"),
    path("people/<int:pk>/record.xlsx", documents.person_record, name="person_record"),
    path("vetoes/<int:pk>/withdraw/", people.veto_withdraw, name="veto_withdraw"),
    path("rules/", rules.rule_list, name="rules"),
    path("rules/new/", rules.rule_create, name="rule_create"),
    path("rules/veto-acts/", rules.veto_act_create, name="veto_act_create"),
    path("rules/<int:pk>/", rules.rule_detail, name="rule_detail"),
    path("rules/<int:pk>/publish/", rules.rule_publish, name="rule_publish"),
    path("rules/<int:pk>/version/", rules.rule_version, name="rule_version"),
    path("evaluations/new/", evaluations.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/grade/", grading.department_grade, name="evaluation_grade"),
    path("evaluations/<int:pk>/review/", grading.committee, name="evaluation_review"),
    path("evaluations/<int:pk>/step/", evaluations.evaluation_step, name="evaluation_step"),
    path("evaluations/<int:pk>/objections/", evaluations.objection_create, name="evaluation_objection"),
    path("evaluations/<int:pk>/summary.xlsx", documents.summary, name="evaluation_summary"),
    path("evaluations/<int:pk>/rows/<int:row>/", evaluations.row_detail, name="row"),
    path("evaluations/<int:pk>/rows/<int:row>/form.docx", documents.row_form, name="row_form"),
    path("objections/<int:pk>/answer/", evaluations.objection_answer, name="objection_answer"),
    path("bureau/", bureau.distribution, name="bureau"),
]
