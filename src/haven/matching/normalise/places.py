"""Places as the engines compare them, under the name they are written with."""

from __future__ import annotations

from .text import fold

# --- places -------------------------------------------------------------------

# Other names of one place: historical names (Bakhtaran, Rezaiyeh), exonyms
# (Aleppo, Durazzo, Scutari), the Kurdish, Serbian or short name (Hawler, Pec,
# Mazar), each read as the name the place is written with in its own script
# and romanisation (folded, without spaces), so that its key is that name's.
_PLACE_NAMES = {
    "kermanshah": "bakhtaran kermanshahan",
    "orumiyeh": "rezaiyeh rezaieh rezaiye rezaie",
    "isfahan": "ispahan",
    "tabriz": "tauris",
    "khorramshahr": "mohammareh muhammarah",
    "arak": "sultanabad soltanabad",
    "bandaranzali": "bandarpahlavi pahlavi",
    "qaemshahr": "shahi",
    "mazaresharif": "mazar",
    "arbil": "hawler hewler hawlir arbela",
    "halab": "aleppo alep",
    "dimashq": "damascus damas",
    "alladhiqiyah": "latakia lattaquie laodicea",
    "durres": "durazzo",
    "shkoder": "scutari",
    "vlore": "valona avlona",
    "gjirokaster": "argirocastro",
    "korce": "korcha koritza korytsa coriza",
    "sarande": "santiquaranta",
    "lezhe": "alessio",
    "prishtine": "pristina",
    "peje": "pec",
    "gjakove": "djakovica dakovica",
    "ferizaj": "urosevac",
    "gjilan": "gnjilane",
    "mitrovice": "kosovskamitrovica",
    "rahovec": "orahovac",
    "suhareke": "suvareka",
    "drenas": "glogovac",
    "fushekosove": "kosovopolje",
}
PLACE_ALIASES = {other: name for name, others in _PLACE_NAMES.items() for other in others.split()}


def place_text(text: str) -> str:
    """A place as the engines compare it: folded, without spaces, and under the
    name it is written with where it has another (``PLACE_ALIASES``: Bakhtaran
    is Kermanshah, Hawler is Arbil); "" when nothing is left."""
    folded = fold(text).replace(" ", "")
    return PLACE_ALIASES.get(folded, folded)
