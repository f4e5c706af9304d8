"""Names for the generated province (bench/province.py): Hunan's cities beside the demo's 江州市,
counties under them and, in each county, its hospitals and health centres (人民医院, 中医医院,
妇幼保健院, 乡镇卫生院, 社区卫生服务中心), with codes that never collide with the demo's 431000 /
431021 (江州市 / 青溪县)."""

from __future__ import annotations

# (division code prefix, name): Hunan's cities; 4310 (the demo's 江州市 uses 431000) left out.
CITIES = [
    ("4301", "长沙市"), ("4302", "株洲市"), ("4303", "湘潭市"), ("4304", "衡阳市"), ("4305", "邵阳市"),
    ("4306", "岳阳市"), ("4307", "常德市"), ("4308", "张家界市"), ("4309", "益阳市"), ("4311", "永州市"),
    ("4312", "怀化市"), ("4313", "娄底市"), ("4331", "湘西州"),
]  # fmt: skip
COUNTY_FIRST = "安宁平永临新桃江石龙云双清溪华泉凤汉武沅"
COUNTY_SECOND = "阳江源山乡陵州化宁远兴丰城"
TOWNS = [a + b for a in "东西南北金银白黄花青松柏梅竹桥湾" for b in "塘坪市桥田冲坝湾岭铺"]
STREETS = [a + b for a in "城关 人民 解放 建设 迎宾 滨江 新华 文化 桂花 芙蓉".split() for b in ("街道", "路街道")]

UNITS_PER_COUNTY = 17
# Unit kinds in a county by position: 0 人民医院, 1 中医医院, 2 妇幼保健院, 3 第二人民医院, then
# health centres (every fifth a community centre).
SIZE = {"general": 600, "tcm": 350, "maternal": 250, "township": 120, "community": 80}


def county_names(n: int) -> list[str]:
    names = [a + b + "县" for a in COUNTY_FIRST for b in COUNTY_SECOND]
    if n > len(names):
        names += [
            f"{a}{b}{k}县" for k in range(2, 2 + n // len(names) + 1) for a in COUNTY_FIRST for b in COUNTY_SECOND
        ]
    step = 7  # spread over the list, so neighbours do not share a first character
    return [names[(i * step) % len(names) if len(names) % step else i] for i in range(n)]


def unit_spec(county: str, k: int) -> tuple[str, str, str, str]:
    """(name, short name, category, grade) of the k-th unit of a county."""
    stem = county.removesuffix("县")
    if k == 0:
        return f"{county}人民医院", f"{stem}人民医院", "general", "二级甲等"
    if k == 1:
        return f"{county}中医医院", f"{stem}中医院", "tcm", "二级甲等"
    if k == 2:
        return f"{county}妇幼保健院", f"{stem}妇幼", "maternal", "二级乙等"
    if k == 3:
        return f"{county}第二人民医院", f"{stem}二医院", "general", "二级乙等"
    if k % 5 == 4:
        street = STREETS[(k // 5 + len(county)) % len(STREETS)]
        return f"{county}{street}社区卫生服务中心", f"{street}社区", "community", ""
    town = TOWNS[(k * 3 + sum(map(ord, county))) % len(TOWNS)]
    return f"{county}{town}镇中心卫生院", f"{town}卫生院", "township", "一级甲等"
