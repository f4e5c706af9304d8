"""Words a new user tripped over: filter choices, the inspector picker, column and page titles."""

from django.urls import reverse

from chuangwen.inspections.forms import RoundForm
from tests import factories as f


def test_empty_filter_choices_read_all(login, world):
    client = login(world.office)
    for url in (reverse("campaigns:task_list"), reverse("feedback:complaint_list"), reverse("org:person_list")):
        html = client.get(url).content.decode()
        assert "---------" not in html, url
        assert '<option value="" selected>全部</option>' in html, url


def test_form_selects_say_choose_not_dashes(login, world):
    html = login(world.office).get(reverse("feedback:complaint_create")).content.decode()
    assert "---------" not in html
    assert "请选择…" in html


def test_inspector_picker_shows_names_with_department_not_logins(world):
    inspector = f.user("fangzhifeng")
    person = f.person(world.a_med, name="方志峰")
    person.user = inspector
    person.save()
    f.member(inspector, "inspector", unit=world.a)
    form = RoundForm(user=world.office)
    labels = [label for _value, label in form.fields["inspectors"].choices]
    assert "方志峰（内科）" in labels
    assert not any("fangzhifeng" in str(label) for label in labels)


def test_staff_list_column_is_professional_title(login, world):
    html = login(world.office).get(reverse("org:person_list")).content.decode()
    assert "<th>职称</th>" in html and "<th>标题</th>" not in html


def test_bulletin_list_column_names_who_prepared_it(login, world):
    html = login(world.office).get(reverse("inspections:bulletin_list")).content.decode()
    assert "编制人" in html and "申请人" not in html


def test_complaint_thank_you_and_handling_wording(world):
    from django.utils import translation

    from chuangwen.feedback.forms import RecordForm

    with translation.override("zh-hans"):
        assert str(RecordForm().fields["text"].label) == "处理情况"
        assert translation.gettext("Thank you for your feedback") == "感谢您的反馈"
