"""The shipped assessment methods (测评方法): the four codes items stored before the table (site,
documents, survey, online) and those real standards use besides them. Seeded by migration 0005
and again after a ``flush`` (``apps.StandardsConfig``)."""

METHODS = (
    ("site", "实地考察"),
    ("documents", "材料审核"),
    ("survey", "问卷调查"),
    ("online", "网上申报"),
    ("dynamic", "动态考核"),
    ("unannounced", "明察暗访/暗访"),
    ("report", "听取汇报"),
    ("web_survey", "网络调查"),
    ("consultation", "征求意见"),
)


def seed_methods(method_model, using: str = "default") -> None:
    """Adds the shipped methods that are missing (a method edited or switched off is left as is)."""
    existing = set(method_model.objects.using(using).values_list("code", flat=True))
    method_model.objects.using(using).bulk_create(
        [
            method_model(code=code, name=name, order=order * 10, active=True)
            for order, (code, name) in enumerate(METHODS, 1)
            if code not in existing
        ]
    )
