"""Which of the document's faces this machine has, and which free face stands in for each one
that is missing when LibreOffice prints a preview: 宋/仿宋 as a serif, 黑体 as a sans, 楷体 as a
kai. The document itself always names the GB faces (docx/gbt9704.py); only previews substitute.
"""

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from .docx import gbt9704 as g

# Free faces by style, best first: Debian's fonts-noto-cjk, fonts-arphic-*, fonts-wqy-*.
SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "AR PL SungtiL GB")
SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
KAI = ("AR PL UKai CN", "AR PL KaitiM GB", "LXGW WenKai")
# Each face the document names (and its w:altName), with the style a stand-in must have.
STYLE_OF_FACE = {
    g.FONT_TITLE: SERIF, g.FONT_ALTERNATIVES[g.FONT_TITLE]: SERIF,
    g.FONT_BODY: SERIF, g.FONT_ALTERNATIVES[g.FONT_BODY]: SERIF,
    g.FONT_SONG: SERIF,
    g.FONT_HEI: SANS,
    g.FONT_KAI: KAI, g.FONT_ALTERNATIVES[g.FONT_KAI]: KAI,
}
STYLE_NAMES = {SERIF: "宋体类，衬线", SANS: "黑体类，无衬线", KAI: "楷体类"}
DEBIAN_PACKAGES = "fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming"


@dataclass(frozen=True)
class FaceStatus:
    face: str                   # as the document names it
    installed: bool
    stand_in: str | None        # the free face printed instead; None when none is installed
    style: str


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str] | None:
    """Every family name fontconfig knows (each of a font's names); None without fc-list."""
    if shutil.which("fc-list") is None:
        return None
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                             timeout=60).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def face_statuses() -> list[FaceStatus] | None:
    families = installed_families()
    if families is None:
        return None
    statuses = []
    for face, style in STYLE_OF_FACE.items():
        stand_in = next((f for f in style if f in families), None)
        statuses.append(FaceStatus(face, face in families, stand_in, STYLE_NAMES[style]))
    return statuses


def substitutions() -> dict[str, str]:
    """Missing face → installed stand-in, the table LibreOffice is given for a preview."""
    return {s.face: s.stand_in for s in face_statuses() or [] if not s.installed and s.stand_in}
