"""The words that change with the unit's level: one table for every document and template.

A 镇 plan says 镇党委 and 我镇 where a 街道 plan says 街道党工委 and 我街; a county office that
renders one base plan for all its townships relies on this table (seeds-analysis §2.13).
"""

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    street = "街道"
    town = "镇"
    township = "乡"
    county = "县"
    district = "区"
    city = "市"


@dataclass(frozen=True)
class LevelWords:
    party_committee: str      # 党委: the party committee the office serves
    government: str           # 政府
    self_ref: str             # 我街 / 我镇 / 我县
    whole: str                # 全街 / 全镇 / 全县
    parent_committee: str     # 上级政协, when the unit file does not name it
    # The organs that issue jointly with the CPPCC office (发文机关, seed 001 篇3), as patterns
    # of the unit's name: a county's three offices; a town's or street's party committee and
    # government themselves, having no offices of their own that issue.
    party_office: str
    government_office: str


LEVEL_WORDS = {
    Level.street: LevelWords("街道党工委", "街道办事处", "我街", "全街", "区政协",
                             "中共{}工作委员会", "{}办事处"),
    Level.town: LevelWords("镇党委", "镇政府", "我镇", "全镇", "县政协",
                           "中共{}委员会", "{}人民政府"),
    Level.township: LevelWords("乡党委", "乡政府", "我乡", "全乡", "县政协",
                               "中共{}委员会", "{}人民政府"),
    Level.county: LevelWords("县委", "县政府", "我县", "全县", "市政协",
                             "中共{}委办公室", "{}人民政府办公室"),
    Level.district: LevelWords("区委", "区政府", "我区", "全区", "市政协",
                               "中共{}委办公室", "{}人民政府办公室"),
    Level.city: LevelWords("市委", "市政府", "我市", "全市", "省政协",
                           "中共{}委办公室", "{}人民政府办公室"),
}
# A 县/区/市 CPPCC's own office; below the county the unit's body issues itself.
COMMITTEE_OFFICE = "政协{}委员会办公室"
OFFICE_LEVELS = (Level.county, Level.district, Level.city)
