"""The directory as data, and the organisations an article names.

A name is matched by its sequence of stems (normalise.py), so inflected forms meet the stored
nominative: "Коростенської міської територіальної громади" → the Korosten hromada, "муніципалітет
Бурж" → Bourges, "Wrocławia" → Wrocław. Beyond the stored names:
- a hromada is also found by its adjective with a kind word ("Коростенська громада") and by its
  centre ("Коростеня"; kind city), an oblast by its adjective with "область"/"ОДА", its
  nickname ("Луганщина") and its Russian and Polish adjectives (reference.py);
- Cyrillic words are also looked up through their pymorphy3 lemma (Миколаєва → Миколаїв) and
  their transliteration (Плунге → Plunge), Ukrainian cities through a consonant skeleton that
  survives exonyms (Харькова, Charkowa, Kharkiv);
- associations and bodies are also matched by acronym and by their set of concepts (lexicon.py),
  which links a name written in any language to the entry stored in Ukrainian or English;
- an organisation named with a head word (association, embassy…) or a place named with a kind
  word ("gmina Kórnik") that the gazetteer lacks is proposed as a new entry.
"""

from .index import Gazetteer
from .matching import Mention

__all__ = ["Gazetteer", "Mention"]
