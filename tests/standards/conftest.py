import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are checked against their msgids (English), whatever the .po files say; the
    Chinese catalogue is checked for completeness in tests/core/test_i18n.py."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    with translation.override("en"):
        yield


HEADERS = ["方面", "指标", "项目编号", "测评内容", "分值", "测评方法", "所需材料", "台账要求/规则"]

ROWS = [
    ["1 思想道德建设", "1.1 理论学习", "1.1.1", "每月开展两次政治学习", 3, "材料审核", "学习记录", "记录≥2/月; 照片≥2"],
    [None, None, "1.1.2", "每季撰写心得体会", 2, "材料审核、实地考察", "", ""],
    [None, "1.2 道德讲堂", "1.2.1", "开设道德讲堂", 5, "实地考察", "签到表", "照片≥2; 近24个月"],
    [
        "2 行业作风",
        "2.1 医德医风",
        "2.1.1",
        "医德医风考评覆盖率100%",
        4.5,
        "材料审核",
        "考评结果",
        "文号; 类型:pdf,docx",
    ],
    ["2 行业作风", "2.1 医德医风", "2.1.2", "每季度开展患者满意度调查", 5.5, "问卷调查", "", "记录≥1/季"],
]


def xlsx_bytes(rows, headers=HEADERS, merge=()):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for rng in merge:
        ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content: bytes, name="standard.xlsx"):
    return SimpleUploadedFile(name, content)


YAML = """
name: 测试测评体系
version: "1.0"
level: 县级
aspects:
  - code: "1"
    title: 思想道德建设
    indicators:
      - code: "1.1"
        title: 理论学习
        items:
          - {code: "1.1.1", title: 每月开展两次政治学习, points: 3, methods: 材料审核, rules: "记录≥2/月"}
          - code: "1.1.2"
            title: 每季撰写心得体会
            points: 2
            methods: [材料审核, 实地考察]
            rules: [{type: min_photos, count: 2}]
  - code: "2"
    title: 行业作风
    indicators:
      - code: "2.1"
        title: 医德医风
        items:
          - {code: "2.1.1", title: 医德医风考评, points: 5, methods: 问卷调查}
"""
