"""The shipped honour types of a person need an ethics grade of 良好 or better (issue 14: "ethics
grade ≥ 良好"), besides no veto or 较差: add the rule to the shipped rows that lack it."""

from django.db import migrations

GOOD_GRADE = {"kind": "min_ethics_grade", "grade": "good"}


def add_rule(apps, schema_editor):
    HonourType = apps.get_model("honours", "HonourType")
    for t in HonourType.objects.filter(unit__isnull=True, region__isnull=True, subject="person"):
        rules = list(t.rules or [])
        if any(r.get("kind") == "no_ethics_mark" for r in rules) and GOOD_GRADE not in rules:
            at = next(i for i, r in enumerate(rules) if r.get("kind") == "no_ethics_mark") + 1
            rules.insert(at, GOOD_GRADE)
            t.rules = rules
            t.save(update_fields=["rules"])


class Migration(migrations.Migration):
    dependencies = [("honours", "0002_shipped_honour_types")]

    operations = [migrations.RunPython(add_rule, migrations.RunPython.noop)]
