"""Places as the engines compare them, under the name they are written with."""

from __future__ import annotations

from .latin import latin_key
from .text import fold, is_latin

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
# ... and by their Latin keys, for the other spellings of another name
# (Lattakia, Korytza); keys of four letters or more, shorter ones say little
ALIAS_KEY_MIN = 4
_ALIASES_BY_KEY = {
    k: name for other, name in PLACE_ALIASES.items() if len(k := latin_key(other)) >= ALIAS_KEY_MIN
}


def place_text(text: str) -> str:
    """A place as the engines compare it: folded, without spaces, and under the
    name it is written with where it has another (``PLACE_ALIASES``: Bakhtaran
    is Kermanshah, Hawler is Arbil, and so is any Latin spelling with the key
    of another name: Lattakia is Latakia); "" when nothing is left."""
    folded = fold(text).replace(" ", "")
    name = PLACE_ALIASES.get(folded)
    if name is None and is_latin(folded):
        name = _ALIASES_BY_KEY.get(latin_key(folded))
    return name or folded
